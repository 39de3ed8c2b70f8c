package org.cairn.node;

import com.typesafe.config.Config;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pekko Management (its HTTP endpoint: the {@code /ready} and {@code /alive} health checks, the read-only
 * cluster routes and Cluster Bootstrap's contact point) and Cluster Bootstrap, as {@code cairn.management.enabled}
 * and {@code cairn.management.bootstrap} say. Both default to off: a node then joins itself or its static seed nodes.
 */
public final class ClusterManagement {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterManagement.class);
    private static final long BIND_TIMEOUT_SECONDS = 30;

    private ClusterManagement() {
    }

    /**
     * Starts what the configuration enables and returns once the management endpoint is bound.
     *
     * @param system the node's actor system, whose configuration Pekko Management reads its own settings from
     * @param config the same configuration, for the {@code cairn.management} keys
     * @return true when Cluster Bootstrap forms or joins the cluster, so the caller must not join by itself
     * @throws IllegalArgumentException when bootstrap is on without management, or with static seed nodes (Cluster
     *     Bootstrap would silently step aside for them)
     * @throws IllegalStateException when the management endpoint cannot bind (its port taken, its address not local)
     */
    public static boolean start(ActorSystem<?> system, Config config) {
        boolean enabled = config.getBoolean("cairn.management.enabled");
        boolean bootstrap = config.getBoolean("cairn.management.bootstrap");
        if (bootstrap && !enabled) {
            throw new IllegalArgumentException("cairn.management.bootstrap needs cairn.management.enabled: the other "
                + "nodes find this one through its management endpoint");
        }
        if (bootstrap && !config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            throw new IllegalArgumentException("cairn.management.bootstrap and static seed nodes ("
                + config.getStringList("pekko.cluster.seed-nodes") + ") exclude each other: choose one");
        }
        if (!enabled) {
            return false;
        }
        String endpoint;
        try {
            endpoint = PekkoManagement.get(system).start().toCompletableFuture()
                .get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS).toString();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Pekko Management could not bind at "
                + config.getString("pekko.management.http.hostname") + ":" + config.getInt("pekko.management.http.port"),
                e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Pekko Management was binding", e);
        }
        LOG.info("Pekko Management at {} (readiness /{}, liveness /{})", endpoint,
            config.getString("pekko.management.health-checks.readiness-path"),
            config.getString("pekko.management.health-checks.liveness-path"));
        if (!bootstrap) {
            return false;
        }
        ClusterBootstrap.get(system).start();
        LOG.info("Cluster Bootstrap started: looking for {} contact points of service {} through {}",
            config.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"),
            config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name"),
            config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
        return true;
    }
}
