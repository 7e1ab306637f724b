package dev.hookline.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook bodies of a given size, as the worker sends them, for the runs that deliver
 * prepared bodies rather than events: JSON
 * {@code {"type":"bench.event","timestamp":…,"data":{"seq":n,"pad":"x…"}}}, padded to the
 * size asked for, each numbered so that no two bodies of a run are the same.
 *
 * <p>
 * A size smaller than the body without padding gives that body, a little larger than
 * asked.
 */
public final class Bodies {

	private static final String TAIL = "\"}}";

	private Bodies() {
	}

	/** {@code count} bodies of {@code sizeBytes}, numbered from 0. */
	public static List<byte[]> of(int count, int sizeBytes) {
		List<byte[]> bodies = new ArrayList<>(count);
		for (int seq = 0; seq < count; seq++) {
			bodies.add(body(seq, sizeBytes));
		}
		return bodies;
	}

	/** One body of {@code sizeBytes} with the number {@code seq}. */
	public static byte[] body(long seq, int sizeBytes) {
		String head = "{\"type\":\"bench.event\",\"timestamp\":\"2026-11-22T00:00:00Z\",\"data\":{\"seq\":" + seq
				+ ",\"pad\":\"";
		// ASCII only, so characters and bytes are the same count
		String pad = "x".repeat(Math.max(0, sizeBytes - head.length() - TAIL.length()));
		return (head + pad + TAIL).getBytes(StandardCharsets.US_ASCII);
	}

}
