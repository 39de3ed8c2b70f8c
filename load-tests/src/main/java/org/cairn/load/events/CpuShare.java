package org.cairn.load.events;

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
            long[] machine = org.cairn.load.cluster.ProcessCpu.machineTicks();
            if (machine[1] < 0) {
                return new Sample(-1, -1, -1);
            }
            List<ProcessHandle> ours = new ArrayList<>(List.of(ProcessHandle.current()));
            ProcessHandle.current().descendants().forEach(ours::add);
            long ourTicks = 0;
            for (ProcessHandle p : ours) {
                ourTicks += org.cairn.load.cluster.ProcessCpu.ticks(p.pid());
            }
            return new Sample(machine[0], machine[1], ourTicks);
        } catch (RuntimeException notLinux) {
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
}
