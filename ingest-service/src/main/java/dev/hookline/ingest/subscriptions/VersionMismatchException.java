package dev.hookline.ingest.subscriptions;

/**
 * A change was made against a version of a subscription that is no longer current: the
 * caller's {@code If-Match} is stale.
 */
final class VersionMismatchException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final long currentVersion;

	VersionMismatchException(long currentVersion) {
		super("the subscription is at version " + currentVersion);
		this.currentVersion = currentVersion;
	}

	long currentVersion() {
		return this.currentVersion;
	}

}
