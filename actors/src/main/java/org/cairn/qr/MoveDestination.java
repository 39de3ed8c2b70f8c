package org.cairn.qr;

import com.typesafe.config.Config;
import java.util.HashMap;
import java.util.Map;

/** Where a C-MOVE may send instances: a remote AE known by title, from {@code cairn.retrieve.destinations}. */
public record MoveDestination(String aeTitle, String host, int port) {

    /** The configured destinations by AE title, e.g. {@code destinations { STORESCP { host = ..., port = ... } }}. */
    public static Map<String, MoveDestination> fromConfig(Config config) {
        Config destinations = config.getConfig("cairn.retrieve.destinations");
        Map<String, MoveDestination> byTitle = new HashMap<>();
        for (String title : destinations.root().keySet()) {
            Config d = destinations.getConfig("\"" + title + "\"");
            byTitle.put(title, new MoveDestination(title, d.getString("host"), d.getInt("port")));
        }
        return Map.copyOf(byTitle);
    }
}
