package dev.hookline.ingest.http;

import org.jspecify.annotations.Nullable;

/**
 * The {@code limit} query parameter every list of the API takes: 1 to {@value #MAX},
 * {@value #DEFAULT} when absent.
 */
public final class PageSize {

	public static final int DEFAULT = 50;

	public static final int MAX = 500;

	private PageSize() {
	}

	/**
	 * The page size the parameter asks for; fails with a 400 {@code invalid-parameter}
	 * naming {@code limit} when it is not a whole number in range.
	 */
	public static int of(@Nullable String limit) {
		if (limit == null) {
			return DEFAULT;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= MAX) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below like any other out-of-range value
		}
		throw ApiException.invalidField("invalid-parameter", "Invalid parameter", "limit",
				"must be a whole number from 1 to " + MAX);
	}

}
