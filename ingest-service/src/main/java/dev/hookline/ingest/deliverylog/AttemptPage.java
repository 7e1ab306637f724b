package dev.hookline.ingest.deliverylog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of a subscription's attempts.
 *
 * @param data the attempts, newest first
 * @param next the {@code after} value of the next page, or null on the last
 */
record AttemptPage(List<LoggedAttempt> data, @Nullable String next) {

	/**
	 * The page of {@code found}, which holds one more attempt than fits when there is
	 * more.
	 */
	static AttemptPage of(List<LoggedAttempt> found, int limit) {
		if (found.size() <= limit) {
			return new AttemptPage(List.copyOf(found), null);
		}
		List<LoggedAttempt> page = List.copyOf(found.subList(0, limit));
		return new AttemptPage(page, AttemptQuery.cursor(page.get(limit - 1)));
	}

}
