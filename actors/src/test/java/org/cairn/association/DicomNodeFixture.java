package org.cairn.association;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.cairn.net.netty.DicomServer;

/** A real DIMSE listener on a free loopback port with an actor system of its own, for tests. */
public final class DicomNodeFixture implements AutoCloseable {
    public final ActorSystem<SpawnProtocol.Command> system;
    public final DicomServer server;
    public final AssociationSettings settings;

    public DicomNodeFixture(Map<String, Object> overrides, DimseService... services) throws InterruptedException {
        Config config = ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.parseString("""
                cairn.dicom.port = 0
                pekko.loglevel = WARNING
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                """))
            .withFallback(ConfigFactory.load());
        system = ActorSystem.create(SpawnProtocol.create(), "cairn-test", config);
        settings = AssociationSettings.from(config);
        server = DicomServer.start(system, system, settings, ServiceRegistry.of(services));
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
