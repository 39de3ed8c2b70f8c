package org.cairn.association;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.cairn.net.netty.DicomServer;

/** A real DIMSE listener on a free loopback port with an actor system of its own, for tests. */
public final class DicomNodeFixture implements AutoCloseable {
    public final ActorSystem<SpawnProtocol.Command> system;
    public final DicomServer server;
    public final AssociationSettings settings;

    public DicomNodeFixture(Map<String, Object> overrides, DimseService... services) throws InterruptedException {
        this(overrides, system -> List.of(services));
    }

    /** A node whose services need its actor system (e.g. storage, which runs streams on it). */
    public DicomNodeFixture(Map<String, Object> overrides,
                            Function<ActorSystem<?>, List<DimseService>> services) throws InterruptedException {
        this(overrides, UnaryOperator.identity(), services);
    }

    /** A node whose settings are completed in code: what configuration cannot hold, such as a user authenticator. */
    public DicomNodeFixture(Map<String, Object> overrides, UnaryOperator<AssociationSettings> adjust,
                            Function<ActorSystem<?>, List<DimseService>> services) throws InterruptedException {
        Config config = ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.parseString("""
                cairn.dicom.port = 0
                pekko.loglevel = WARNING
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                """))
            .withFallback(ConfigFactory.defaultApplication())
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve();
        system = ActorSystem.create(SpawnProtocol.create(), "cairn-test", config);
        settings = adjust.apply(AssociationSettings.from(config));
        server = DicomServer.start(system, system, settings, new ServiceRegistry(services.apply(system)));
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        system.terminate();
    }
}
