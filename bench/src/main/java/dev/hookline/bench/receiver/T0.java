package dev.hookline.bench.receiver;

import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code "t0"} of a benchmark event's body without parsing the JSON: a tree per
 * request would cost the receiver more than the rest of its work.
 */
final class T0 {

	private static final byte[] KEY = "\"t0\"".getBytes(StandardCharsets.US_ASCII);

	private T0() {
	}

	/**
	 * The first {@code "t0": <integer>} in the body, in epoch microseconds; -1 when there
	 * is none.
	 */
	static long micros(byte[] body) {
		int at = indexOf(body, KEY);
		if (at < 0) {
			return -1;
		}
		int i = skipSpaces(body, at + KEY.length);
		if (i >= body.length || body[i] != ':') {
			return -1;
		}
		i = skipSpaces(body, i + 1);
		long value = 0;
		int start = i;
		while (i < body.length && body[i] >= '0' && body[i] <= '9' && i - start < 18) {
			value = value * 10 + (body[i] - '0');
			i++;
		}
		return (i > start) ? value : -1;
	}

	private static int skipSpaces(byte[] body, int from) {
		int i = from;
		while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
			i++;
		}
		return i;
	}

	private static int indexOf(byte[] body, byte[] key) {
		outer: for (int i = 0; i <= body.length - key.length; i++) {
			for (int j = 0; j < key.length; j++) {
				if (body[i + j] != key[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
