package dev.hookline.ingest.deliverylog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * One period's attempts of one subscription, as the analytics stores keep them (one entry
 * per minute and per hour): how many, how many succeeded (2xx) and failed, and their
 * latencies in a log-scale histogram. Mutable; not thread-safe.
 *
 * <p>
 * Written by hand rather than with HdrHistogram, which the service has: each attempt
 * reads, updates and rewrites its minute's and hour's entry, and HdrHistogram's encodings
 * are either kilobytes (plain) or a Deflater run each (compressed). Here a bucket is a
 * quarter of a power of two wide (about 19 %), so a percentile is within about 10 % of
 * the true value, and an entry is a few dozen bytes: the counts, then only the buckets in
 * use.
 */
final class PeriodStats {

	/**
	 * Buckets: 0 holds 0 ms; bucket i holds [2^((i-1)/4), 2^(i/4)) ms; the last, the
	 * rest.
	 */
	static final int BUCKETS = 80;

	private static final byte VERSION = 1;

	private long attempts;

	private long succeeded;

	private long failed;

	private final long[] latencies = new long[BUCKETS];

	/** {@code count} new empty periods. */
	static PeriodStats[] empty(int count) {
		PeriodStats[] periods = new PeriodStats[count];
		for (int i = 0; i < count; i++) {
			periods[i] = new PeriodStats();
		}
		return periods;
	}

	/**
	 * Counts one attempt; an attempt that sent nothing ({@code dropped}) does not count.
	 */
	PeriodStats add(LoggedAttempt attempt) {
		if (attempt.nextAction().equals("dropped")) {
			return this;
		}
		this.attempts++;
		if (attempt.succeeded()) {
			this.succeeded++;
		}
		else {
			this.failed++;
		}
		this.latencies[bucket(attempt.latencyMs())]++;
		return this;
	}

	PeriodStats add(PeriodStats other) {
		this.attempts += other.attempts;
		this.succeeded += other.succeeded;
		this.failed += other.failed;
		for (int i = 0; i < BUCKETS; i++) {
			this.latencies[i] += other.latencies[i];
		}
		return this;
	}

	long attempts() {
		return this.attempts;
	}

	long succeeded() {
		return this.succeeded;
	}

	long failed() {
		return this.failed;
	}

	/** The success rate, or null when there was no attempt. */
	@Nullable Double successRate() {
		return (this.attempts == 0) ? null : (double) this.succeeded / this.attempts;
	}

	/**
	 * The latency under which {@code quantile} of the attempts finished, in milliseconds:
	 * the middle of its bucket; null when there was no attempt.
	 */
	@Nullable Long latency(double quantile) {
		long total = 0;
		for (long count : this.latencies) {
			total += count;
		}
		if (total == 0) {
			return null;
		}
		long rank = Math.max(1, (long) Math.ceil(quantile * total));
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.latencies[i];
			if (seen >= rank) {
				return (i == 0) ? 0 : Math.round(Math.pow(2, (i - 0.5) / 4));
			}
		}
		throw new IllegalStateException("the ranks add up to " + total);
	}

	static int bucket(long latencyMs) {
		if (latencyMs < 1) {
			return 0;
		}
		int bucket = 1 + (int) Math.floor(4 * Math.log(latencyMs) / Math.log(2));
		return Math.min(bucket, BUCKETS - 1);
	}

	byte[] encode() {
		ByteArrayOutputStream out = new ByteArrayOutputStream(32);
		out.write(VERSION);
		varint(out, this.attempts);
		varint(out, this.succeeded);
		varint(out, this.failed);
		for (int i = 0; i < BUCKETS; i++) {
			if (this.latencies[i] > 0) {
				out.write(i);
				varint(out, this.latencies[i]);
			}
		}
		return out.toByteArray();
	}

	static PeriodStats decode(byte[] bytes) {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		if (in.get() != VERSION) {
			throw new IllegalArgumentException("not a period of version " + VERSION);
		}
		PeriodStats stats = new PeriodStats();
		stats.attempts = varint(in);
		stats.succeeded = varint(in);
		stats.failed = varint(in);
		while (in.hasRemaining()) {
			int bucket = in.get();
			stats.latencies[bucket] = varint(in);
		}
		return stats;
	}

	private static void varint(ByteArrayOutputStream out, long value) {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			out.write((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		out.write((int) rest);
	}

	private static long varint(ByteBuffer in) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte next = in.get();
			value |= (long) (next & 0x7F) << shift;
			if ((next & 0x80) == 0) {
				return value;
			}
		}
		throw new IllegalArgumentException("a varint longer than 64 bits");
	}

}
