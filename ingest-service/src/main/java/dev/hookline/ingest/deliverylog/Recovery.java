package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.Refusals;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/subscriptions/{id}/recover}: sends again every delivery of a
 * subscription that failed within a time range (those retrying and those dead-lettered),
 * after a dry run that only counts them.
 *
 * <ul>
 * <li><b>Bounded.</b> One call queues at most {@code limit} (up to {@value #MAX_LIMIT})
 * and says how many remain; calling again goes on.</li>
 * <li><b>Throttled.</b> Every recovery of this instance shares one rate
 * ({@code hookline.ingest.history.recover-rate}), so a large one neither floods the
 * worker nor takes Kafka's time from event publishing.</li>
 * <li><b>Idempotent.</b> A delivery queued again is pending from the moment the history
 * reads that record, and pending ones are not recovered. For the second or so before the
 * history has read it, this instance (the one holding the subscription, to which every
 * recover of it is forwarded) remembers what it queued for ten minutes and skips it.</li>
 * </ul>
 */
final class Recovery {

	/** The most deliveries one call queues. */
	static final int MAX_LIMIT = 1000;

	private static final List<String> FIELDS = List.of("since", "until", "dryRun", "limit");

	private final HistoryReads history;

	private final Requeue requeue;

	private final HistoryForwarding forwarding;

	private final Bucket rate;

	private final Cache<String, Boolean> recent = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	Recovery(HistoryReads history, Requeue requeue, HistoryForwarding forwarding, int perSecond) {
		this.history = history;
		this.requeue = requeue;
		this.forwarding = forwarding;
		this.rate = Bucket.builder()
			.addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
			.build();
	}

	/**
	 * What to recover.
	 *
	 * @param since the start of the range: deliveries the history first heard of from
	 * then
	 * @param until its end (exclusive)
	 * @param dryRun only count
	 * @param limit the most to queue in this call
	 */
	record Request(Instant since, Instant until, boolean dryRun, int limit) {

		static Request parse(JsonNode body, Instant now) {
			Refusals refusals = new Refusals("invalid-recover", "Invalid recover request");
			if (!body.isObject()) {
				throw ApiException.of(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid-recover",
						"Invalid recover request",
						"The body must be a JSON object: {\"since\": \"2026-12-01T00:00:00Z\"}.");
			}
			refusals.unknownFields(body, FIELDS);
			Instant since = instant(body, "since", refusals, true);
			Instant until = instant(body, "until", refusals, false);
			boolean dryRun = false;
			if (body.has("dryRun")) {
				if (body.get("dryRun").isBoolean()) {
					dryRun = body.get("dryRun").asBoolean();
				}
				else {
					refusals.malformed("dryRun", "must be true or false");
				}
			}
			int limit = MAX_LIMIT;
			if (body.has("limit")) {
				JsonNode value = body.get("limit");
				if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_LIMIT) {
					refusals.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
				}
				else {
					limit = value.asInt();
				}
			}
			Instant end = (until != null) ? until : now;
			if (since != null && !end.isAfter(since)) {
				refusals.invalid("until", "must be later than 'since'");
			}
			refusals.throwIfAny();
			return new Request(since, end, dryRun, limit);
		}

		private static @Nullable Instant instant(JsonNode body, String field, Refusals refusals, boolean required) {
			JsonNode value = body.get(field);
			if (value == null || value.isNull()) {
				if (required) {
					refusals.malformed(field, "is required: an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
				}
				return null;
			}
			try {
				return Instant.parse(value.asString(""));
			}
			catch (DateTimeParseException ex) {
				refusals.malformed(field, "must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
				return null;
			}
		}

	}

	/**
	 * What a recover found and did.
	 *
	 * @param dryRun whether it only counted
	 * @param matched deliveries that failed within the range
	 * @param alreadyQueued of those, the ones this instance queued again within ten
	 * minutes (not sent again)
	 * @param queued queued again by this call
	 * @param gone of those tried, the ones whose body Kafka's retention already deleted
	 * @param remaining still to recover: call again
	 * @param deliveryIds the deliveries queued by this call, or on a dry run the first
	 * {@code limit} it would queue
	 */
	record Result(boolean dryRun, int matched, int alreadyQueued, int queued, int gone, int remaining,
			List<String> deliveryIds) {

	}

	Mono<Result> recover(String subscriptionId, Request request) {
		return this.forwarding.blocking(() -> this.history.failed(subscriptionId, request.since(), request.until()))
			.flatMap(failed -> {
				List<StoredDelivery> fresh = failed.stream()
					.filter(delivery -> this.recent.getIfPresent(delivery.id()) == null)
					.toList();
				List<StoredDelivery> chosen = fresh.subList(0, Math.min(request.limit(), fresh.size()));
				int already = failed.size() - fresh.size();
				if (request.dryRun()) {
					return Mono.just(new Result(true, failed.size(), already, 0, 0, fresh.size(),
							chosen.stream().map(StoredDelivery::id).toList()));
				}
				AtomicInteger gone = new AtomicInteger();
				List<String> queued = new ArrayList<>();
				return Flux.fromIterable(chosen).concatMap(delivery -> this.forwarding.blocking(() -> {
					this.rate.asBlocking().consume(1);
					return delivery;
				}).flatMap(this.requeue::queueAgain).doOnNext(done -> {
					this.recent.put(done.deliveryId(), true);
					queued.add(done.deliveryId());
				}).onErrorResume(ApiException.class, ex -> {
					// its body is gone: nothing to send, ever
					gone.incrementAndGet();
					return Mono.empty();
				}))
					.then(Mono.fromSupplier(() -> new Result(false, failed.size(), already, queued.size(), gone.get(),
							fresh.size() - chosen.size(), List.copyOf(queued))));
			});
	}

}
