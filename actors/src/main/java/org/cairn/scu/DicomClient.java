package org.cairn.scu;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.cairn.net.netty.DimseDecoder;
import org.cairn.net.netty.PduDecoder;
import org.cairn.net.netty.PduEncoder;
import org.cairn.net.netty.PduFramer;

/**
 * Cairn's DICOM SCU, usable from plain Java: opens associations and returns {@link ScuAssociation}s whose
 * operations complete {@link CompletionStage}s. One client (one set of event loops) serves many associations;
 * close it when done.
 */
public final class DicomClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;

    private DicomClient(EventLoopGroup group, Class<? extends Channel> channelType) {
        this.group = group;
        this.channelType = channelType;
    }

    /** A client with event loops sized to the machine, on epoll where available. */
    public static DicomClient create() {
        boolean epoll = Epoll.isAvailable();
        return new DicomClient(epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup(),
            epoll ? EpollSocketChannel.class : NioSocketChannel.class);
    }

    /** Connects and negotiates; completes when the association is established, or fails with {@link ScuException}. */
    public CompletionStage<ScuAssociation> connect(String host, int port, AssociationRequest request) {
        ScuAssociation association = new ScuAssociation(request);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    association.bind(ch);
                    ch.pipeline()
                        .addLast("frames", new PduFramer(Math.max(request.maxPduLength(), 16 << 20), 1 << 20,
                            Duration.ofSeconds(60)))
                        .addLast("pdus", new PduDecoder())
                        .addLast("dimse", new DimseDecoder())
                        .addLast("encoder", new PduEncoder())
                        .addLast("association", association.handler());
                }
            });
        bootstrap.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                association.connectFailed(f.cause());
            }
        });
        return association.established();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
