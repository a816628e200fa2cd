package dev.earshot.telephony.rtp;

import java.net.InetSocketAddress;

/** A decoded RTP packet with where it came from and when it arrived ({@link System#nanoTime()}). */
public record ReceivedRtp(RtpPacket packet, InetSocketAddress sender, long arrivalNanos) {}
