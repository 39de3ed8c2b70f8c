package org.cairn.load.cluster;

/**
 * What a node exchanged with the other cluster members so far, read from its Prometheus text
 * ({@code cairn_cluster_remote_messages_total} and {@code cairn_cluster_remote_bytes_total} by direction). Counters
 * of several nodes add up, and a run's traffic is the difference of two readings.
 */
public record RemoteTraffic(double messagesSent, double bytesSent, double messagesReceived, double bytesReceived) {
    public static final RemoteTraffic NONE = new RemoteTraffic(0, 0, 0, 0);

    /** The counters in one /metrics body; a counter not exposed yet is 0. */
    public static RemoteTraffic parse(String prometheusText) {
        return new RemoteTraffic(
            counter(prometheusText, "cairn_cluster_remote_messages_total", "sent"),
            counter(prometheusText, "cairn_cluster_remote_bytes_total", "sent"),
            counter(prometheusText, "cairn_cluster_remote_messages_total", "received"),
            counter(prometheusText, "cairn_cluster_remote_bytes_total", "received"));
    }

    public RemoteTraffic plus(RemoteTraffic o) {
        return new RemoteTraffic(messagesSent + o.messagesSent, bytesSent + o.bytesSent,
            messagesReceived + o.messagesReceived, bytesReceived + o.bytesReceived);
    }

    public RemoteTraffic minus(RemoteTraffic o) {
        return plus(o.times(-1));
    }

    public RemoteTraffic times(double factor) {
        return new RemoteTraffic(messagesSent * factor, bytesSent * factor, messagesReceived * factor,
            bytesReceived * factor);
    }

    /** The sample of {@code name} whose labels include {@code direction="…"}; 0 if there is none. */
    static double counter(String text, String name, String direction) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("direction=\"" + direction + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
            }
        }
        return 0;
    }
}
