package org.cairn.net.netty;

/** A PDU began arriving and did not complete within the read timeout. */
public enum StalledPdu {
    INSTANCE
}
