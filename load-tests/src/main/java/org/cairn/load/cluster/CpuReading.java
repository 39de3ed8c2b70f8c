package org.cairn.load.cluster;

import java.io.IOException;
import java.util.List;

/**
 * CPU clock ticks so far of the processes a cluster benchmark runs (the nodes, PostgreSQL, this JVM, which sends)
 * and of the whole machine, at one moment; two readings give what was spent between them.
 */
public record CpuReading(long nanoTime, long nodeTicks, long postgresTicks, long clientTicks, long machineBusyTicks,
                         long machineTicks) {

    /** CPU seconds spent between two readings, and the wall-clock seconds between them. */
    public record Spent(double wallSeconds, double nodeSeconds, double postgresSeconds, double clientSeconds,
                        double machineBusySeconds, double machineSeconds) {
        /** The same rates over {@code factor} times as long. */
        public Spent times(double factor) {
            return new Spent(wallSeconds * factor, nodeSeconds * factor, postgresSeconds * factor,
                clientSeconds * factor, machineBusySeconds * factor, machineSeconds * factor);
        }

        /** CPU the machine spent on anything else (other sessions' work, the kernel's own threads). */
        public double otherSeconds() {
            return Math.max(0, machineBusySeconds - nodeSeconds - postgresSeconds - clientSeconds);
        }
    }

    public static CpuReading take(List<NodeProcess> nodes, ThrowawayPostgres postgres) throws IOException {
        long[] machine = ProcessCpu.machineTicks();
        long node = nodes.stream().mapToLong(n -> ProcessCpu.ticks(n.pid())).sum();
        return new CpuReading(System.nanoTime(), node, postgres.cpuTicks(),
            ProcessCpu.ticks(ProcessHandle.current().pid()), machine[0], machine[1]);
    }

    public Spent until(CpuReading later) {
        return new Spent((later.nanoTime - nanoTime) / 1e9, ProcessCpu.seconds(later.nodeTicks - nodeTicks),
            ProcessCpu.seconds(later.postgresTicks - postgresTicks),
            ProcessCpu.seconds(later.clientTicks - clientTicks),
            ProcessCpu.seconds(later.machineBusyTicks - machineBusyTicks),
            ProcessCpu.seconds(later.machineTicks - machineTicks));
    }
}
