package org.cairn.net.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.cairn.association.AssociationActor;
import org.cairn.association.AssociationLimits;
import org.cairn.association.AssociationSettings;
import org.cairn.association.ServiceRegistry;

/**
 * The DIMSE listener: a Netty server (epoll where available) whose pipeline is, in stages, PDU framing with hard
 * maximums, PDU decoding, DIMSE assembly, PDU encoding, and a handler that forwards to one association actor per
 * connection.
 */
public final class DicomServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final AssociationLimits limits;

    private DicomServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel, AssociationLimits limits) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.limits = limits;
    }

    /**
     * Binds and starts accepting associations. {@code spawner} is an actor running {@link SpawnProtocol} under
     * which association actors are created (the node's guardian, or a test's).
     */
    public static DicomServer start(ActorSystem<?> system, ActorRef<SpawnProtocol.Command> spawner,
                                    AssociationSettings settings, ServiceRegistry services) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        EventLoopGroup workers = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        AssociationLimits limits = new AssociationLimits(settings.maxAssociations(), settings.maxAssociationsPerCallingAe());
        AtomicLong sequence = new AtomicLong();
        Props associationProps = DispatcherSelector.fromConfig("cairn.dicom.association-dispatcher");
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(boss, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("frames", new PduFramer(settings.maxPduLength(), settings.maxAssociationPduLength(),
                            settings.pduReadTimeout()))
                        .addLast("pdus", new PduDecoder())
                        .addLast("dimse", new DimseDecoder())
                        .addLast("encoder", new PduEncoder())
                        .addLast("association", new AssociationHandler(channel -> spawner.tell(new SpawnProtocol.Spawn<>(
                            AssociationActor.create(channel, settings, services, limits),
                            "association-" + sequence.incrementAndGet(), associationProps, system.ignoreRef()))));
                }
            });
        Channel channel = bootstrap.bind(new InetSocketAddress(settings.bindAddress(), settings.port())).sync().channel();
        return new DicomServer(boss, workers, channel, limits);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Associations open right now. */
    public int openAssociations() {
        return limits.open();
    }

    /** Stops accepting new connections; open associations go on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /**
     * Waits until no association is open, at most {@code timeout}; true if they all ended. For a graceful stop:
     * peers finish what they are sending and release.
     */
    public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (limits.open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return limits.open() == 0;
    }

    /** Stops accepting; associations still open are closed with the event loops. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully();
        workers.shutdownGracefully().syncUninterruptibly();
    }
}
