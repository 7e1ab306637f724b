package dev.hookline.worker;

import java.time.Duration;

import dev.hookline.sender.http.SenderSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The worker's settings, under {@code hookline.worker}; start-up fails on an invalid one.
 *
 * @param groupId consumer group of all worker instances
 * @param maxInFlight deliveries being sent or recorded at once by this worker; intake
 * pauses at this number and resumes at three quarters of it
 * @param concurrency consumer threads of this worker; must be 1: a worker commits its
 * outcomes and offsets in one producer's transactions, fenced by its one consumer's group
 * membership, so scale with more worker processes
 * @param connectTimeout time to open the TCP connection to an endpoint
 * @param requestTimeout time for a whole attempt, reading the response included
 * @param maxResponseBytes response bytes read at most
 * @param snippetBytes response bytes kept in the attempt
 * @param maxConnectionsPerHost connections open at once to one endpoint host
 * @param maxPendingConnectionsPerHost requests that may wait for a connection to one host
 * @param maxUncommittedPerPartition records of one partition received but not yet
 * committable (behind one still in flight) before that partition is paused
 * @param subscriptionSyncTimeout wait for the subscriptions view to catch up when a
 * delivery names a subscription (version) it does not hold yet, and for Kafka when
 * disabling a subscription
 * @param drainTimeout wait for in-flight deliveries of a partition taken away (rebalance,
 * shutdown) before letting it go; what is left is sent again by the next owner
 * @param autoDisableAfter a subscription whose attempts have all failed for this long is
 * disabled
 * @param instanceId a stable name of this worker instance (Kafka static membership,
 * {@code group.instance.id}): a restarted instance takes its partitions back at once,
 * without a rebalance; empty (the default) for dynamic membership
 * @param sessionTimeout how long the group waits for a worker that stopped heartbeating
 * (killed, frozen) before its partitions move to the others
 * @param dueLookahead a retry-tier record due within this time waits in memory for its
 * due time rather than pausing its partition, which would fetch it again for every
 * record; zero parks every record not due yet
 * @param maxDueWaiting records waiting in memory for their due time at once, at most;
 * past that, partitions are paused until due
 * @param maxInFlightBytes bytes of the records of the deliveries in flight at most;
 * intake pauses here too, so that large bodies cannot fill the heap under
 * {@code maxInFlight}
 * @param commitInterval how often the worker commits the transaction that holds what
 * followed its attempts and the offsets of the deliveries they finished; what it writes
 * is read by others (the next retry tier, the delivery log) only once committed
 * @param transactionTimeout how long a transaction may stay open before the broker aborts
 * it: after a worker is killed, records it left uncommitted hold up readers of the
 * partitions it wrote to for about this long (a restarted static member aborts them at
 * once)
 * @param gcOverheadLimit the share of time in garbage-collection pauses, measured each
 * second, above which the worker lowers its in-flight bound (halves it, down to 500) and
 * at or under which it raises it back by an eighth, up to {@code maxInFlight}; 0 keeps
 * the bound at {@code maxInFlight}
 */
@ConfigurationProperties("hookline.worker")
public record WorkerSettings(@DefaultValue("hookline-worker") String groupId, @DefaultValue("5000") int maxInFlight,
		@DefaultValue("1") int concurrency, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration requestTimeout, @DefaultValue("64KB") DataSize maxResponseBytes,
		@DefaultValue("1KB") DataSize snippetBytes, @DefaultValue("1000") int maxConnectionsPerHost,
		@DefaultValue("5000") int maxPendingConnectionsPerHost, @DefaultValue("10000") int maxUncommittedPerPartition,
		@DefaultValue("10s") Duration subscriptionSyncTimeout, @DefaultValue("20s") Duration drainTimeout,
		@DefaultValue("5d") Duration autoDisableAfter, @DefaultValue("") String instanceId,
		@DefaultValue("45s") Duration sessionTimeout, @DefaultValue("5s") Duration dueLookahead,
		@DefaultValue("1000") int maxDueWaiting, @DefaultValue("32MB") DataSize maxInFlightBytes,
		@DefaultValue("100ms") Duration commitInterval, @DefaultValue("10s") Duration transactionTimeout,
		@DefaultValue("0.15") double gcOverheadLimit) {

	/** How the worker names itself where it is seen from outside (quarantine entries). */
	public static final String SERVICE = "delivery-worker";

	public WorkerSettings {
		require(!groupId.isBlank(), "group-id must not be blank");
		require(maxInFlight >= 1, "max-in-flight must be at least 1");
		require(concurrency == 1, "concurrency must be 1: a worker commits in one producer's transactions, fenced "
				+ "by its one consumer's membership; run more worker processes instead");
		require(maxUncommittedPerPartition >= 1, "max-uncommitted-per-partition must be at least 1");
		require(positive(subscriptionSyncTimeout) && positive(drainTimeout),
				"subscription-sync-timeout and drain-timeout must be positive");
		require(positive(autoDisableAfter), "auto-disable-after must be positive");
		require(commitInterval.toMillis() >= 1 && transactionTimeout.toMillis() >= 1000
				&& commitInterval.compareTo(transactionTimeout) < 0,
				"commit-interval must be positive, transaction-timeout at least 1s and longer than commit-interval");
		require(instanceId.equals(instanceId.strip()), "instance-id must not start or end with a space");
		require(sessionTimeout.toMillis() >= 1000, "session-timeout must be at least 1s");
		require(maxInFlightBytes.toBytes() >= 1, "max-in-flight-bytes must be positive");
		require(gcOverheadLimit >= 0 && gcOverheadLimit < 1,
				"gc-overhead-limit must be at least 0 (off) and less than 1, a share of the time");
		require(!dueLookahead.isNegative() && maxDueWaiting >= 0,
				"due-lookahead and max-due-waiting must not be negative");
		require(maxResponseBytes.toBytes() <= Integer.MAX_VALUE, "max-response-bytes is too large");
		// the sender checks its own settings (timeouts, sizes) and says which one is
		// wrong
		senderSettings(connectTimeout, requestTimeout, maxResponseBytes, snippetBytes, maxConnectionsPerHost,
				maxPendingConnectionsPerHost);
	}

	/** The limits of the HTTP client. */
	public SenderSettings senderSettings() {
		return senderSettings(this.connectTimeout, this.requestTimeout, this.maxResponseBytes, this.snippetBytes,
				this.maxConnectionsPerHost, this.maxPendingConnectionsPerHost);
	}

	private static SenderSettings senderSettings(Duration connect, Duration request, DataSize read, DataSize snippet,
			int connections, int pending) {
		try {
			return new SenderSettings(connect, request, (int) read.toBytes(), (int) snippet.toBytes(), connections,
					pending);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("invalid hookline.worker setting: " + ex.getMessage(), ex);
		}
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("hookline.worker." + message);
		}
	}

}
