package org.cairn.net.netty;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Netty's leak detector at PARANOID, with what it reports captured for assertions. */
public final class LeakWatch implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();

    public LeakWatch() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        appender.start();
        logger.addAppender(appender);
    }

    /** Leak reports so far (Netty reports a leak when it finds a collected buffer that was never released). */
    public List<String> leaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // allocating and releasing a buffer lets the detector drain its queue of collected references
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16).release();
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LEAK")).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        ResourceLeakDetector.setLevel(previous);
    }
}
