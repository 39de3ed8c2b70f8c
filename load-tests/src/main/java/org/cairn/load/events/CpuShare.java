package org.cairn.load.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How busy the machine was over an interval, as shares of all its cores: this JVM with its child processes (the
 * node it started) and every other process. A benchmark on a shared machine reports both, so that a run slowed by
 * someone else's work shows it. Read from Linux's /proc (clock ticks of /proc/stat and /proc/PID/stat); elsewhere
 * the shares are NaN.
 */
public record CpuShare(double ours, double others) {

    /** Clock ticks so far: the machine's busy and total ticks, and those of this JVM and its descendants. */
    public record Sample(long busy, long total, long ours) {
    }

    public static Sample sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle and iowait
            List<ProcessHandle> ours = new ArrayList<>(List.of(ProcessHandle.current()));
            ProcessHandle.current().descendants().forEach(ours::add);
            long ourTicks = 0;
            for (ProcessHandle p : ours) {
                ourTicks += ticks(p.pid());
            }
            return new Sample(total - idle, total, ourTicks);
        } catch (IOException | RuntimeException notLinux) {
            return new Sample(-1, -1, -1);
        }
    }

    /** The shares between two samples. */
    public static CpuShare between(Sample start, Sample end) {
        long total = end.total() - start.total();
        if (start.total() < 0 || end.total() < 0 || total <= 0) {
            return new CpuShare(Double.NaN, Double.NaN);
        }
        double ours = (double) (end.ours() - start.ours()) / total;
        double busy = (double) (end.busy() - start.busy()) / total;
        return new CpuShare(ours, Math.max(0, busy - ours));
    }

    /**
     * Waits until other processes used at most {@code maxOthers} of the machine over {@code window}, checking for at
     * most {@code atMost}; true if the machine got that quiet. A benchmark on a machine others share (a developer's,
     * or this project's, where several sessions work at once) measures when it can.
     */
    public static boolean awaitQuiet(double maxOthers, Duration window, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Sample start = sample();
            Thread.sleep(window.toMillis());
            CpuShare share = between(start, sample());
            if (Double.isNaN(share.others()) || share.others() <= maxOthers) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
    }

    /** User and system ticks of one process, 0 if it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
