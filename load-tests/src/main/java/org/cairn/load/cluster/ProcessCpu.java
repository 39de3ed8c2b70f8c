package org.cairn.load.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of processes from Linux's /proc: user plus system clock ticks. A benchmark whose processes share one
 * machine reports what each costs in CPU seconds rather than in wall-clock shares, since the wall clock measures
 * the contention as much as the work.
 */
public final class ProcessCpu {
    private static final double TICKS_PER_SECOND = clockTicksPerSecond();

    private ProcessCpu() {
    }

    /** The fields of /proc/PID/stat a CPU count needs (clock ticks). */
    public record Stat(long parent, long userTicks, long systemTicks, long reapedChildrenUserTicks,
                       long reapedChildrenSystemTicks) {
        public long ownTicks() {
            return userTicks + systemTicks;
        }

        public long reapedChildrenTicks() {
            return reapedChildrenUserTicks + reapedChildrenSystemTicks;
        }
    }

    /** Parses one /proc/PID/stat line (proc(5): ppid is field 4, utime to cstime fields 14 to 17). */
    public static Stat parse(String statLine) {
        // the command name in parentheses may hold spaces and parentheses: count the fields after the last ')'
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        return new Stat(Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
            Long.parseLong(f[14]));
    }

    /** The process's stat, or null once it is gone (or off Linux). */
    public static Stat stat(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** User plus system ticks of one process so far; 0 once it is gone. */
    public static long ticks(long pid) {
        Stat s = stat(pid);
        return s == null ? 0 : s.ownTicks();
    }

    /**
     * Ticks of a process and of all its children, living or exited (a daemon such as PostgreSQL forks a process per
     * connection and reaps it, which adds its ticks to the parent's children count).
     */
    public static long ticksWithChildren(long pid) {
        Stat parent = stat(pid);
        if (parent == null) {
            return 0;
        }
        long total = parent.ownTicks() + parent.reapedChildrenTicks();
        for (long child : childrenOf(pid)) {
            total += ticks(child);
        }
        return total;
    }

    /** The processes whose parent is {@code pid}. */
    public static List<Long> childrenOf(long pid) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : all.toList()) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    Stat s = stat(Long.parseLong(name));
                    if (s != null && s.parent() == pid) {
                        children.add(Long.parseLong(name));
                    }
                }
            }
        } catch (IOException notLinux) {
            return List.of();
        }
        return children;
    }

    /** Busy and total ticks of the whole machine (all cores) so far, from /proc/stat; {-1, -1} off Linux. */
    public static long[] machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle and iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException notLinux) {
            return new long[] {-1, -1};
        }
    }

    public static double seconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }

    /** The kernel's USER_HZ (almost always 100). */
    private static double clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
