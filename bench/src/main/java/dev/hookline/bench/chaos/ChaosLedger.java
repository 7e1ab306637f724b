package dev.hookline.bench.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import dev.hookline.worker.outcome.OutcomeTransactions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What became of every (event, subscription) pair of a chaos run, from what the receiver
 * got and what the dead-letter topic holds, and whether the run kept Hookline's promises:
 * nothing lost, nothing dead-lettered (every retry is answered), nothing in the
 * dead-letter topic twice, every duplicate explained by a worker's death or its warning
 * that deliveries may be sent again, never more requests in flight to an endpoint than
 * its cap, and the rate-limited subscription never more than 10 % over its limit in any
 * second.
 */
public final class ChaosLedger {

	/**
	 * How long before a worker's death, or a warning that what it sent may be sent again,
	 * its answered requests can still be sent again: a partition's offset is committed
	 * only up to its first delivery still in flight, and a delivery can stay in flight
	 * for the due look-ahead (5 s, a retry due soon waits in memory), a request timeout
	 * (2 s) and, in a backlog, as long as it waits for its subscription's rate limit or a
	 * free slot at its endpoint. A loose bound: it tells these duplicates from those of a
	 * worker that does not commit at all.
	 */
	static final Duration HOLD_BACK = Duration.ofSeconds(30);

	/**
	 * How long after a death or a warning a request answered can still be sent again: it
	 * was in flight then (a request timeout, 2 s), and the receiver, in the chaos JVM
	 * beside the broker and the API, stamps a request when it gets to it, the chaos run a
	 * warning when it reads it, seconds late on a loaded machine.
	 */
	static final Duration IN_FLIGHT_AFTER = Duration.ofSeconds(5);

	static final String ROUTER = "router";

	/** Errors of attempts that sent a request: the rest sent nothing. */
	private static final Set<String> REQUEST_ERRORS = Set.of("timeout", "connect_error", "connection_reset",
			"dns_error", "tls_error", "io_error");

	private final ChaosPlan plan;

	private final VerifyingReceiver receiver;

	private final String bootstrapServers;

	private final List<Kill> kills;

	private final List<Loss> losses;

	/** Path of each expected delivery, by delivery id. */
	private final Map<String, String> expected = new HashMap<>();

	private final Map<String, String> subscriptions;

	private final int events;

	// figures, once settled

	private long delivered;

	private long deadLettered;

	private long lost;

	private long deliveredAndDeadLettered;

	private long deadLetteredTwice;

	private long duplicates;

	/**
	 * Duplicates explained by no worker's death or warning (see {@link #unexplained}).
	 */
	private long unexplained;

	/** A few of them: a delivery id and its answers' times, for the table. */
	private final List<String> unexplainedExamples = new ArrayList<>();

	/** Successful attempts written in transactions that were aborted. */
	private long abortedSuccesses;

	/** Successful attempts in the committed delivery log beyond each delivery's first. */
	private long committedRepeats;

	private long unknown;

	private long unverified;

	private long requests;

	private long failedAnswers;

	private long unanswered;

	/** The most requests the receiver saw in flight to one endpoint. */
	private int maxConcurrency;

	/** The most requests the rate-limited subscription's endpoint got in a second. */
	private int busiestSecond;

	/** The most requests the workers sent it in a second, from their attempt records. */
	private int busiestSentSecond;

	ChaosLedger(ChaosPlan plan, List<String> eventIds, Map<String, String> subscriptions, VerifyingReceiver receiver,
			String bootstrapServers, List<Kill> kills, List<Loss> losses) {
		this.plan = plan;
		this.receiver = receiver;
		this.bootstrapServers = bootstrapServers;
		this.kills = List.copyOf(kills);
		// the workers' warnings go on while the run settles: read at the end
		this.losses = losses;
		this.subscriptions = subscriptions;
		this.events = eventIds.size();
		subscriptions.forEach((path, subscriptionId) -> eventIds
			.forEach((eventId) -> this.expected.put(DeliveryIds.of(eventId, subscriptionId), path)));
	}

	/** Waits until every pair is delivered or dead-lettered, or the timeout passes. */
	void awaitEnded(Duration timeout, PrintStream out) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long nextReport = 0;
		while (true) {
			Map<String, Long> answered = answered();
			Map<String, Long> dead = deadLetters();
			long open = this.expected.keySet()
				.stream()
				.filter((id) -> !answered.containsKey(id) && !dead.containsKey(id))
				.count();
			if (open == 0 || System.nanoTime() > deadline) {
				return;
			}
			if (System.nanoTime() > nextReport) {
				out.printf("  %,d of %,d pairs still open%n", open, this.expected.size());
				nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			}
			Thread.sleep(2000);
		}
	}

	/**
	 * Waits a few seconds more, for a duplicate or a second dead letter that might still
	 * come, then takes the figures.
	 */
	ChaosLedger settle() throws InterruptedException {
		Thread.sleep(5000);
		Map<String, Long> answered = answered();
		Map<String, Long> dead = deadLetters();
		this.delivered = this.expected.keySet().stream().filter(answered::containsKey).count();
		this.deadLettered = this.expected.keySet().stream().filter(dead::containsKey).count();
		this.lost = this.expected.keySet()
			.stream()
			.filter((id) -> !answered.containsKey(id) && !dead.containsKey(id))
			.count();
		this.deliveredAndDeadLettered = this.expected.keySet()
			.stream()
			.filter((id) -> answered.containsKey(id) && dead.containsKey(id))
			.count();
		this.deadLetteredTwice = dead.values().stream().filter((copies) -> copies > 1).count();
		this.duplicates = answered.values().stream().mapToLong((count) -> count - 1).sum();
		this.unknown = answered.keySet().stream().filter((id) -> !this.expected.containsKey(id)).count();
		List<Received> all = received();
		this.requests = all.size();
		this.unverified = all.stream().filter((request) -> !request.verified()).count();
		this.failedAnswers = all.stream().filter((request) -> request.status() >= 500).count();
		this.unanswered = all.stream().filter((request) -> request.status() == 0).count();
		List<Attempt> committed = attempts(IsolationLevel.READ_COMMITTED);
		// a transaction refused for an old group generation is aborted and its records
		// written again, the same, in the next one: one attempt, written twice
		List<Attempt> written = attempts(IsolationLevel.READ_UNCOMMITTED).stream().distinct().toList();
		long committedSuccesses = committed.stream().filter(ChaosLedger::succeeded).count();
		this.committedRepeats = committedSuccesses - this.delivered;
		this.abortedSuccesses = written.stream().filter(ChaosLedger::succeeded).count() - committedSuccesses;
		Set<String> failedOnTheWire = committed.stream()
			.filter((attempt) -> attempt.getOutcome().getStatus() == null && requested(attempt.getOutcome()))
			.map(Attempt::getDeliveryId)
			.collect(Collectors.toSet());
		Map<String, List<Instant>> otherRequests = all.stream()
			.filter((request) -> !ok(request) && request.webhookId() != null)
			.collect(Collectors.groupingBy(Received::webhookId, Collectors.mapping(Received::at, Collectors.toList())));
		this.unexplained = all.stream()
			.filter(ChaosLedger::ok)
			.filter((request) -> request.webhookId() != null && !failedOnTheWire.contains(request.webhookId()))
			.collect(Collectors.groupingBy(Received::webhookId, Collectors.mapping(Received::at, Collectors.toList())))
			.entrySet()
			.stream()
			.mapToLong((answers) -> {
				long count = unexplained(answers.getValue(), otherRequests.getOrDefault(answers.getKey(), List.of()),
						this.kills, this.losses);
				if (count > 0 && this.unexplainedExamples.size() < 5) {
					this.unexplainedExamples.add(answers.getKey() + " answered at "
							+ answers.getValue()
								.stream()
								.sorted()
								.map(Instant::toString)
								.collect(Collectors.joining(", "))
							+ "; its attempts written: " + describe(written, answers.getKey()) + "; committed: "
							+ describe(committed, answers.getKey()));
				}
				return count;
			})
			.sum();
		this.maxConcurrency = this.subscriptions.keySet()
			.stream()
			.mapToInt(this.receiver::maxConcurrency)
			.max()
			.orElse(0);
		this.busiestSecond = mostInASecond(
				this.receiver.received(limitedPath()).stream().map(Received::at).sorted().toList());
		this.busiestSentSecond = mostInASecond(sentTimes(written, this.subscriptions.get(limitedPath())));
		return this;
	}

	/** What the run broke of Hookline's promises; empty when it kept them all. */
	public List<String> violations() {
		List<String> violations = new ArrayList<>();
		check(violations, this.lost == 0, this.lost + " pairs were lost");
		check(violations, this.deadLettered == 0,
				this.deadLettered + " pairs were dead-lettered, though every retry is answered 2xx");
		check(violations, this.deadLetteredTwice == 0,
				this.deadLetteredTwice + " deliveries are in the dead-letter topic more than once");
		check(violations, this.deliveredAndDeadLettered == 0,
				this.deliveredAndDeadLettered + " deliveries were both delivered and dead-lettered");
		check(violations, this.unexplained == 0, this.unexplained + " of " + this.duplicates
				+ " duplicates were answered first neither shortly before a worker's death nor around a worker's warning "
				+ OutcomeTransactions.DUPLICATES_POSSIBLE);
		check(violations, this.maxConcurrency <= ChaosPlan.MAX_CONCURRENCY, "an endpoint had " + this.maxConcurrency
				+ " requests in flight, over its cap of " + ChaosPlan.MAX_CONCURRENCY);
		check(violations, this.busiestSentSecond <= allowedPerSecond(), "the workers sent the rate-limited "
				+ "subscription " + this.busiestSentSecond + " requests in one second, over " + allowedPerSecond());
		check(violations, this.unverified == 0, this.unverified + " requests did not verify");
		check(violations, this.unknown == 0, this.unknown + " requests carried an unknown webhook-id");
		return violations;
	}

	/** The ledger as a table, with the verdict. */
	public String table() {
		StringBuilder table = new StringBuilder("chaos ledger\n");
		row(table, "events published", String.format("%,d x %d subscriptions = %,d pairs", this.events,
				ChaosPlan.SUBSCRIPTIONS, this.expected.size()));
		row(table, "delivered", String.format("%,d", this.delivered));
		row(table, "dead-lettered", String.format("%,d", this.deadLettered));
		row(table, "lost", String.format("%,d", this.lost));
		row(table, "delivered and dead-lettered", String.format("%,d", this.deliveredAndDeadLettered));
		row(table, "in the DLQ more than once", String.format("%,d", this.deadLetteredTwice));
		row(table, "duplicates (2xx beyond the first)", String
			.format("%,d, %,d of them unexplained by a worker's death or warning", this.duplicates, this.unexplained));
		row(table, "  whose first success was", String.format(
				"in an aborted transaction: %,d; committed, its offset not yet: %,d; never written (in flight): %,d",
				this.abortedSuccesses, this.committedRepeats,
				this.duplicates - this.abortedSuccesses - this.committedRepeats));
		this.unexplainedExamples.forEach((example) -> row(table, "  unexplained, e.g.", example));
		row(table, "warnings " + OutcomeTransactions.DUPLICATES_POSSIBLE,
				String.format("%d (%s)", this.losses.size(),
						this.losses.stream()
							.map((loss) -> loss.worker() + " at " + loss.at())
							.collect(Collectors.joining("; "))));
		row(table, "kills",
				String.format("%d (%s)", this.kills.size(),
						this.kills.stream()
							.map((kill) -> kill.victim() + " at " + kill.at() + ", up again at " + kill.upAgain())
							.collect(Collectors.joining("; "))));
		row(table, "requests", String.format("%,d: %,d answered 5xx, %,d hung or reset", this.requests,
				this.failedAnswers, this.unanswered));
		row(table, "most in flight to one endpoint",
				String.format("%d (cap %d)", this.maxConcurrency, ChaosPlan.MAX_CONCURRENCY));
		row(table, "rate-limited: most sent in a second",
				String.format("%d (limit %d/s, +10 %% = %d; most received in a second: %d)", this.busiestSentSecond,
						this.plan.rateLimit(), allowedPerSecond(), this.busiestSecond));
		row(table, "signatures that did not verify", String.format("%,d", this.unverified));
		List<String> violations = violations();
		row(table, "verdict", violations.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", violations));
		return table.toString();
	}

	private int allowedPerSecond() {
		return (int) Math.floor(this.plan.rateLimit() * 1.1);
	}

	/** The most instants of a sorted list within any one second. */
	private static int mostInASecond(List<Instant> sorted) {
		int most = 0;
		int start = 0;
		for (int end = 0; end < sorted.size(); end++) {
			while (!sorted.get(start).plusSeconds(1).isAfter(sorted.get(end))) {
				start++;
			}
			most = Math.max(most, end - start + 1);
		}
		return most;
	}

	/**
	 * When the workers sent each request to a subscription, sorted: the end of every
	 * attempt that made one, less its latency, aborted transactions' attempts included,
	 * from the attempts topic. The workers' own times are what a rate limit governs: this
	 * JVM also runs the broker and the API, and a garbage collection here bunches up the
	 * arrivals the receiver stamps.
	 */
	private static List<Instant> sentTimes(List<Attempt> written, String subscriptionId) {
		return written.stream()
			.filter((attempt) -> attempt.getSubscriptionId().equals(subscriptionId) && requested(attempt.getOutcome()))
			.map((attempt) -> attempt.getOutcome().getAt().minusMillis(attempt.getOutcome().getLatencyMs()))
			.sorted()
			.toList();
	}

	/**
	 * Every record of the attempts topic: with {@code READ_UNCOMMITTED}, those of aborted
	 * transactions too.
	 */
	private List<Attempt> attempts(IsolationLevel isolation) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
		Topic<String, Attempt> topic = Topics.withDefaultPrefix().attempts();
		List<Attempt> attempts = new ArrayList<>();
		try (KafkaConsumer<String, Attempt> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				topic.valueSerde().deserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic.name())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> attempts.add(record.value()));
			}
		}
		return attempts;
	}

	/**
	 * How many of one delivery's answers (2xx, arrival times) are duplicates that neither
	 * a worker's death nor a worker's warning explains. Each answer after the first
	 * needs, before it, a worker killed, with the answer before it, or any request of the
	 * delivery before it, at most {@link #HOLD_BACK} before the kill and at most
	 * {@link #IN_FLIGHT_AFTER} after the restarted worker was up (it joins the group
	 * while it starts, and partitions move back to it: not every way that sends a
	 * delivery again logs a warning yet); or a warning
	 * {@link OutcomeTransactions#DUPLICATES_POSSIBLE} (an aborted transaction, a
	 * partition let go with deliveries in flight or sent behind one given up, partitions
	 * lost), with such an answer or request at most {@link #HOLD_BACK} before it or
	 * {@link #IN_FLIGHT_AFTER} after it. A request that failed counts because the next
	 * owner reads the delivery again from its record: an attempt answered 500 and handed
	 * off to a retry tier before a partition moved is sent again as its first attempt,
	 * and both chains may end in a 2xx after the move.
	 * @param answers the 2xx answers' arrival times
	 * @param requests the arrival times of the delivery's other requests (any answer, or
	 * none)
	 */
	static long unexplained(List<Instant> answers, List<Instant> requests, List<Kill> kills, List<Loss> losses) {
		List<Instant> sorted = answers.stream().sorted().toList();
		long unexplained = 0;
		for (int i = 1; i < sorted.size(); i++) {
			Instant later = sorted.get(i);
			List<Instant> sentBefore = new ArrayList<>(List.of(sorted.get(i - 1)));
			requests.stream().filter((request) -> request.isBefore(later)).forEach(sentBefore::add);
			boolean death = kills.stream()
				.filter((kill) -> !kill.victim().equals(ROUTER))
				.anyMatch((kill) -> sentBefore.stream()
					.anyMatch((earlier) -> explains(kill.at(), kill.upAgain(), earlier, later)));
			boolean warned = losses.stream()
				.anyMatch((loss) -> sentBefore.stream()
					.anyMatch((earlier) -> explains(loss.at(), loss.at(), earlier, later)));
			if (!death && !warned) {
				unexplained++;
			}
		}
		return unexplained;
	}

	/**
	 * Whether an event at {@code at}, whose effects last until {@code until}, explains an
	 * answer at {@code later} after one at {@code earlier}: the earlier from
	 * {@link #HOLD_BACK} before the event to {@link #IN_FLIGHT_AFTER} after its end, the
	 * later after the event.
	 */
	private static boolean explains(Instant at, Instant until, Instant earlier, Instant later) {
		return at.isBefore(later) && !earlier.isBefore(at.minus(HOLD_BACK))
				&& !earlier.isAfter(until.plus(IN_FLIGHT_AFTER));
	}

	/**
	 * A delivery's attempt records, for an unexplained duplicate: number, status or
	 * error, end.
	 */
	private static String describe(List<Attempt> attempts, String deliveryId) {
		return attempts.stream()
			.filter((attempt) -> attempt.getDeliveryId().equals(deliveryId))
			.map((attempt) -> "#" + attempt.getAttempt() + " "
					+ ((attempt.getOutcome().getStatus() != null) ? attempt.getOutcome().getStatus()
							: attempt.getOutcome().getError())
					+ " at " + attempt.getOutcome().getAt())
			.collect(Collectors.joining(", ", "[", "]"));
	}

	private static boolean succeeded(Attempt attempt) {
		Integer status = attempt.getOutcome().getStatus();
		return status != null && status >= 200 && status < 300;
	}

	/** Whether the attempt made a request: an answer, or a failure on the wire. */
	private static boolean requested(Outcome outcome) {
		return outcome.getStatus() != null || REQUEST_ERRORS.contains(outcome.getError());
	}

	private String limitedPath() {
		List<String> paths = new ArrayList<>(this.subscriptions.keySet());
		return paths.get(paths.size() - 1);
	}

	private List<Received> received() {
		return this.subscriptions.keySet().stream().flatMap((path) -> this.receiver.received(path).stream()).toList();
	}

	/** Requests answered 2xx, by {@code webhook-id}. */
	private Map<String, Long> answered() {
		return received().stream()
			.filter(ChaosLedger::ok)
			.filter((request) -> request.webhookId() != null)
			.collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()));
	}

	/** Records in the dead-letter topic, by delivery id. */
	private Map<String, Long> deadLetters() {
		return TopicReader.readAll(this.bootstrapServers, Topics.withDefaultPrefix().deadLetters())
			.stream()
			.collect(Collectors.groupingBy((record) -> record.value().getDeliveryId(), Collectors.counting()));
	}

	private static boolean ok(Received request) {
		return request.status() >= 200 && request.status() < 300;
	}

	private static void check(List<String> violations, boolean kept, String broken) {
		if (!kept) {
			violations.add(broken);
		}
	}

	private static void row(StringBuilder table, String name, String value) {
		table.append(String.format("  %-36s %s%n", name, value));
	}

	/**
	 * One process killed ({@code SIGKILL}).
	 *
	 * @param victim the worker's name, or {@value #ROUTER}
	 * @param at when
	 * @param upAgain when the process started in its place was running
	 */
	public record Kill(String victim, Instant at, Instant upAgain) {
	}

	/**
	 * A worker's warning that what it sent may be sent again
	 * ({@link OutcomeTransactions#DUPLICATES_POSSIBLE}).
	 *
	 * @param worker its name
	 * @param at when the chaos run read it
	 */
	public record Loss(String worker, Instant at) {
	}

}
