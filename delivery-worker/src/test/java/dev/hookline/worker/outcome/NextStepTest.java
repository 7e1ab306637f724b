package dev.hookline.worker.outcome;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.SubscriptionWriter;
import dev.hookline.schemas.SubscriptionWriter.Plan;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.http.SendError;
import dev.hookline.sender.http.SendResult;
import dev.hookline.sender.outcome.Verdict;
import dev.hookline.worker.retry.RetrySchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.hookline.worker.outcome.ProducerSink.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

class NextStepTest {

	private static final Topics TOPICS = Topics.withDefaultPrefix();

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private static final String URL = "https://hooks.example.com/acme";

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MockProducer<String, byte[]> producer = producer(true);

	@SuppressWarnings("unchecked")
	private final TableView<String, Subscription> view = mock(TableView.class);

	@SuppressWarnings("unchecked")
	private final TableView<String, EndpointHealth> healthView = mock(TableView.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SubscriptionWriter subscriptionWriter = mock(SubscriptionWriter.class);

	/** What the writer wrote. */
	private final List<Plan<?>> changes = new ArrayList<>();

	/**
	 * The latest record the writer decides on: the view's unless a test says otherwise.
	 */
	private Function<String, Optional<Subscription>> latest = (id) -> this.view.get(id);

	private final NextStep nextStep = nextStep();

	@Test
	void aFailedFirstAttemptWaitsInTheFirstTierWithWhatItEndedWith() {
		Delivery delivery = delivery(1, null);

		failed(delivery, from(TOPICS.deliveries().name()), 500, null);

		Delivery waiting = handedOn("hookline.deliveries.retry.1m");
		assertThat(waiting.getDeliveryId()).isEqualTo(delivery.getDeliveryId());
		assertThat(waiting.getBody()).isEqualTo(delivery.getBody());
		assertThat(waiting.getAttempt()).isEqualTo(2);
		assertThat(waiting.getFirstAttemptAt()).isEqualTo(NOW);
		// one minute plus half the 10 % jitter
		assertThat(waiting.getDueAt()).isEqualTo(NOW.plusSeconds(63));
		assertThat(waiting.getLastOutcome().getStatus()).isEqualTo(500);
		assertThat(waiting.getLastOutcome().getAt()).isEqualTo(NOW);
		Attempt attempt = attempt();
		assertThat(attempt.getAttempt()).isEqualTo(1);
		assertThat(attempt.getNextAction()).isEqualTo("hookline.deliveries.retry.1m");
		assertThat(attempt.getNextAttemptAt()).isEqualTo(NOW.plusSeconds(63));
		assertThat(attempt.getResponseSnippet()).isEqualTo("nope");
		assertThat(counted("retried")).isOne();
		assertThat(events()).isEmpty();
	}

	@Test
	void aRetryAfterSendsTheDeliveryToTheFirstTierAtLeastThatLong() {
		Instant first = NOW.minusSeconds(70);

		failed(delivery(2, first), from("hookline.deliveries.retry.1m"), 429, Duration.ofMinutes(20));

		Delivery waiting = handedOn("hookline.deliveries.retry.30m");
		assertThat(waiting.getAttempt()).isEqualTo(3);
		assertThat(waiting.getFirstAttemptAt()).isEqualTo(first);
		assertThat(waiting.getDueAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30).plusSeconds(90)));
		assertThat(attempt().getNextAction()).isEqualTo("hookline.deliveries.retry.30m");
		assertThat(attempt().getNextAttemptAt()).isEqualTo(waiting.getDueAt());

		// its next failure waits as attempt 3's does, wherever it waited before
		this.producer.clear();
		failed(waiting, from("hookline.deliveries.retry.30m"), 500, null);
		assertThat(handedOn("hookline.deliveries.retry.30m").getAttempt()).isEqualTo(4);
	}

	@Test
	void aFailureInTheLastTierDeadLettersTheDeliveryWithItsHistory() {
		Instant first = NOW.minus(Duration.ofHours(15));

		failed(delivery(6, first), from("hookline.deliveries.retry.12h"), 503, null);

		Delivery dead = handedOn("hookline.deliveries.dlq");
		assertThat(dead.getAttempt()).isEqualTo(6);
		assertThat(dead.getDeadLetterReason()).isEqualTo("exhausted");
		assertThat(dead.getFirstAttemptAt()).isEqualTo(first);
		assertThat(dead.getLastOutcome().getAt()).isEqualTo(NOW);
		assertThat(dead.getLastOutcome().getStatus()).isEqualTo(503);
		assertThat(attempt().getNextAction()).isEqualTo("dlq");
		assertThat(attempt().getNextAttemptAt()).isNull();
		assertThat(counted("dead_lettered")).isOne();

		Event exhausted = onlyEvent();
		assertThat(exhausted.getType()).isEqualTo("hookline.delivery.exhausted");
		assertThat(exhausted.getTenant()).isEqualTo("acme");
		assertThat(exhausted.getOrderingKey()).isEqualTo("sub-1");
		assertThat(exhausted.getOccurredAt()).isEqualTo(NOW);
		assertThat(exhausted.getId()).startsWith("evt_");
		JsonNode data = JSON.readTree(exhausted.getData());
		assertThat(data.get("subscriptionId").asString()).isEqualTo("sub-1");
		assertThat(data.get("deliveryId").asString()).isEqualTo("msg_1");
		assertThat(data.get("eventId").asString()).isEqualTo("evt-1");
		assertThat(data.get("eventType").asString()).isEqualTo("post.created");
		assertThat(data.get("attempts").asInt()).isEqualTo(6);
		assertThat(data.get("reason").asString()).isEqualTo("exhausted");
		assertThat(data.get("lastStatus").asInt()).isEqualTo(503);
		assertThat(data.get("lastError").isNull()).isTrue();
		assertThat(data.get("deadLetteredAt").asString()).isEqualTo(NOW.toString());
	}

	@Test
	void anExhaustedDeliveryProcessedAgainIsAnnouncedUnderTheSameEventId() {
		Delivery lastTry = delivery(6, NOW.minus(Duration.ofHours(15)));

		failed(lastTry, from("hookline.deliveries.retry.12h"), 503, null);
		String first = onlyEvent().getId();
		this.producer.clear();
		// the worker crashed before committing: the next owner reads the same record
		this.nextStep
			.afterSend(lastTry, subscription(URL, 1), SendResult.failed(SendError.CONNECT_ERROR, 40),
					new Verdict.Retry("connect_error", null), from("hookline.deliveries.retry.12h"))
			.block(PATIENCE);

		assertThat(onlyEvent().getId()).isEqualTo(first);
		assertThat(JSON.readTree(onlyEvent().getData()).get("lastError").asString()).isEqualTo("connect_error");
	}

	@Test
	void aDeadLetteredDeliveryOfAnOperationalEventIsNotAnnounced() {
		Delivery alert = Delivery.newBuilder(delivery(6, NOW.minus(Duration.ofHours(15))))
			.setEventType("hookline.delivery.exhausted")
			.build();

		failed(alert, from("hookline.deliveries.retry.12h"), 500, null);

		assertThat(handedOn("hookline.deliveries.dlq").getEventType()).isEqualTo("hookline.delivery.exhausted");
		assertThat(events()).isEmpty();
	}

	@Test
	void aDeliveredAttemptIsDoneAndHandsNothingOn() {
		this.nextStep.afterSend(delivery(3, NOW.minusSeconds(400)), subscription(URL, 1),
				SendResult.answered(204, 9, null, null), new Verdict.Delivered(), from("hookline.deliveries.retry.5m"))
			.block(PATIENCE);

		assertThat(this.producer.history()).extracting(ProducerRecord::topic).containsExactly("hookline.attempts");
		assertThat(attempt().getNextAction()).isEqualTo("done");
		assertThat(counted("delivered")).isOne();
	}

	@Test
	void aGoneEndpointDisablesItsSubscriptionAndItsDeliveryIsDeadLetteredForReplay() {
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription(URL, 3)));

		goneAnswered();

		Subscription disabled = disabledWritten();
		assertThat(disabled.getActive()).isFalse();
		assertThat(disabled.getVersion()).isEqualTo(4);
		assertThat(disabled.getDisabledReason()).isEqualTo("endpoint answered 410 Gone");
		assertThat(disabled.getUpdatedAt()).isEqualTo(NOW);
		assertThat(disabled.getUrl()).isEqualTo(URL);
		assertThat(this.producer.history()).extracting(ProducerRecord::topic)
			.containsExactlyInAnyOrder("hookline.deliveries.dlq", "hookline.attempts");
		assertThat(attempt().getNextAction()).isEqualTo("dlq");
		assertThat(attempt().getNextAttemptAt()).isNull();
		Delivery dead = handedOn("hookline.deliveries.dlq");
		assertThat(dead.getDeadLetterReason()).isEqualTo("subscription_disabled");
		assertThat(dead.getLastOutcome().getStatus()).isEqualTo(410);
		assertThat(counted("dead_lettered")).isOne();

		assertThat(events()).as("the outcome announces nothing more").isEmpty();
		Event announced = announcedWithTheChange();
		assertThat(announced.getType()).isEqualTo("hookline.subscription.disabled");
		assertThat(announced.getTenant()).isEqualTo("acme");
		JsonNode data = JSON.readTree(announced.getData());
		assertThat(data.get("subscriptionId").asString()).isEqualTo("sub-1");
		assertThat(data.get("url").asString()).isEqualTo(URL);
		assertThat(data.get("reason").asString()).isEqualTo("endpoint answered 410 Gone");
		assertThat(data.get("disabledAt").asString()).isEqualTo(NOW.toString());
	}

	@Test
	void aGoneAnswerFromAnEndpointTheSubscriptionHasLeftIsRetried() {
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription("https://fixed.example.com/acme", 4)));

		goneAnswered();

		assertThat(this.producer.history()).extracting(ProducerRecord::topic)
			.containsExactlyInAnyOrder("hookline.deliveries.retry.1m", "hookline.attempts");
		assertThat(this.changes).isEmpty();
	}

	@Test
	void aGoneAnswerDisablesTheLatestRecordNotTheStaleOneTheWorkersViewShows() {
		// the view still shows version 3; an admin has rotated the secret since
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription(URL, 3)));
		Subscription rotated = Subscription.newBuilder(subscription(URL, 4))
			.setSecret(ByteBuffer.wrap(new byte[] { 9, 9, 9 }))
			.build();
		this.latest = (id) -> Optional.of(rotated);

		goneAnswered();

		Subscription disabled = disabledWritten();
		assertThat(disabled.getVersion()).isEqualTo(5);
		assertThat(disabled.getSecret()).as("the rotation is kept").isEqualTo(rotated.getSecret());
		assertThat(handedOn("hookline.deliveries.dlq").getDeadLetterReason()).isEqualTo("subscription_disabled");
	}

	@Test
	void aDisableKafkaNeverConfirmsLeavesTheDeliveryOnTheScheduleInsteadOfHoldingItsPartition() {
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription(URL, 3)));
		willThrow(new KafkaException("no answer")).given(this.subscriptionWriter).change(anyString(), any());

		goneAnswered();

		assertThat(this.producer.history()).extracting(ProducerRecord::topic)
			.containsExactlyInAnyOrder("hookline.deliveries.retry.1m", "hookline.attempts");
	}

	@Test
	void aGoneAnswerForASubscriptionDeletedMeanwhileWritesNothingAndFollowsTheSchedule() {
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription(URL, 3)));
		this.latest = (id) -> Optional.empty();

		goneAnswered();

		assertThat(this.changes).as("a deleted subscription is never written again").isEmpty();
		assertThat(this.producer.history()).extracting(ProducerRecord::topic)
			.containsExactlyInAnyOrder("hookline.deliveries.retry.1m", "hookline.attempts");
	}

	@Test
	void anEndpointFailingForLongerThanTheAutoDisablePeriodIsDisabled() {
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription(URL, 1)));
		// as another worker saw, and wrote
		given(this.healthView.get("sub-1")).willReturn(Optional.of(EndpointHealth.newBuilder()
			.setSubscriptionId("sub-1")
			.setFailingSince(NOW.minus(Duration.ofDays(6)))
			.build()));

		failed(delivery(2, NOW.minusSeconds(70)), from("hookline.deliveries.retry.1m"), 500, null);

		Subscription disabled = disabledWritten();
		assertThat(disabled.getActive()).isFalse();
		assertThat(disabled.getDisabledReason()).startsWith("every request failed since 2026-03-04T12:00:00Z");
		assertThat(written("hookline.endpoint-health", TOPICS.endpointHealth().valueSerde().deserializer()))
			.as("the period ended with the subscription")
			.isNull();
		assertThat(attempt().getNextAction()).isEqualTo("dlq");
		assertThat(handedOn("hookline.deliveries.dlq").getDeadLetterReason()).isEqualTo("subscription_disabled");
		// announced as a disabled subscription only, not as an exhausted delivery
		assertThat(events()).isEmpty();
		assertThat(announcedWithTheChange().getType()).isEqualTo("hookline.subscription.disabled");
	}

	@Test
	void aPendingDeliveryOfASubscriptionHooklineDisabledIsDeadLetteredWithItsLastRealOutcome() {
		Outcome failedBefore = Outcome.newBuilder().setAt(NOW.minusSeconds(300)).setStatus(500).build();
		Delivery pending = Delivery.newBuilder(delivery(3, NOW.minusSeconds(400))).setLastOutcome(failedBefore).build();

		this.nextStep.notSent(pending, URL, NotSent.SUBSCRIPTION_DISABLED, from("hookline.deliveries.retry.5m"))
			.block(PATIENCE);

		Delivery dead = handedOn("hookline.deliveries.dlq");
		assertThat(dead.getDeadLetterReason()).isEqualTo("subscription_disabled");
		assertThat(dead.getAttempt()).isEqualTo(3);
		assertThat(dead.getLastOutcome()).isEqualTo(failedBefore);
		assertThat(dead.getFirstAttemptAt()).isEqualTo(NOW.minusSeconds(400));
		Attempt attempt = attempt();
		assertThat(attempt.getNextAction()).isEqualTo("dlq");
		assertThat(attempt.getOutcome().getError()).isEqualTo("subscription_disabled");
		assertThat(attempt.getOutcome().getStatus()).isNull();
		assertThat(events()).isEmpty();
		assertThat(counted("dead_lettered")).isOne();
	}

	@Test
	void aPendingDeliveryOfASubscriptionAnAdminDeactivatedIsDropped() {
		this.nextStep.notSent(delivery(2, NOW), URL, NotSent.SUBSCRIPTION_DEACTIVATED, from(TOPICS.deliveries().name()))
			.block(PATIENCE);

		assertThat(this.producer.history()).extracting(ProducerRecord::topic).containsExactly("hookline.attempts");
		assertThat(attempt().getNextAction()).isEqualTo("dropped");
		assertThat(attempt().getOutcome().getError()).isEqualTo("subscription_deactivated");
		assertThat(counted("dropped")).isOne();
	}

	@Test
	void aReplayedDeliveryFirstAttemptedLongAgoThatFailsOnceDoesNotDisableItsEndpoint() {
		given(this.view.get("sub-1")).willReturn(Optional.of(subscription(URL, 1)));

		// replayed from the dead-letter topic: attempt 1 again, first attempted 20 days
		// ago
		failed(delivery(1, NOW.minus(Duration.ofDays(20))), from(TOPICS.deliveries().name()), 500, null);

		assertThat(handedOn("hookline.deliveries.retry.1m").getAttempt()).isEqualTo(2);
		assertThat(this.changes).isEmpty();
		assertThat(this.producer.history()).extracting(ProducerRecord::topic).doesNotContain("hookline.deliveries.dlq");
		assertThat(written("hookline.endpoint-health", TOPICS.endpointHealth().valueSerde().deserializer())
			.getFailingSince()).as("failing since this request, not since the delivery's first attempt").isEqualTo(NOW);
	}

	@Test
	void aDeliveryIsFinishedOnlyOnceItsHandOffItsAttemptAndItsEndpointsFailingAreAllDurable() {
		MockProducer<String, byte[]> manual = producer(false);
		NextStep step = nextStep(manual);

		CompletableFuture<Void> finished = step
			.afterSend(delivery(1, null), subscription(URL, 1), SendResult.answered(500, 5, null, null),
					new Verdict.Retry("http_500", null), from(TOPICS.deliveries().name()))
			.toFuture();

		// all three written at once: the endpoint's first failure, the hand-off, the
		// attempt
		assertThat(manual.history()).extracting(ProducerRecord::topic)
			.containsExactlyInAnyOrder("hookline.endpoint-health", "hookline.deliveries.retry.1m", "hookline.attempts");
		assertThat(finished).isNotDone();
		manual.completeNext();
		manual.completeNext();
		assertThat(finished).isNotDone();
		manual.completeNext();
		assertThat(finished).isCompleted();
	}

	@Test
	void aDeliveryWhoseSubscriptionIsGoneIsDroppedAndOneThatCouldNotBeSignedIsDeferredWithItsAttempt() {
		this.nextStep.notSent(delivery(1, null), "", NotSent.SUBSCRIPTION_DELETED, from(TOPICS.deliveries().name()))
			.block(PATIENCE);
		assertThat(this.producer.history()).extracting(ProducerRecord::topic).containsExactly("hookline.attempts");
		assertThat(attempt().getNextAction()).isEqualTo("dropped");

		this.producer.clear();
		this.nextStep.notSent(delivery(1, null), URL, NotSent.SECRET_UNAVAILABLE, from(TOPICS.deliveries().name()))
			.block(PATIENCE);
		assertThat(handedOn("hookline.deliveries.retry.1m").getAttempt()).isEqualTo(1);
		assertThat(attempt().getOutcome().getError()).isEqualTo("secret_unavailable");
		assertThat(counted("deferred")).isOne();
	}

	@Test
	void aDeliveryRefusedByAnOpenCircuitKeepsItsAttemptAndWaitsAtLeastAsLongAsTheOutage() {
		Outcome failedBefore = Outcome.newBuilder().setAt(NOW.minusSeconds(70)).setStatus(503).build();
		Delivery refused = Delivery.newBuilder(delivery(2, NOW.minusSeconds(70))).setLastOutcome(failedBefore).build();

		this.nextStep
			.deferred(refused, URL, NotSent.CIRCUIT_OPEN, Duration.ofMinutes(3), from("hookline.deliveries.retry.1m"))
			.block(PATIENCE);

		Delivery waiting = handedOn("hookline.deliveries.retry.5m");
		assertThat(waiting.getAttempt()).isEqualTo(2);
		assertThat(waiting.getFirstAttemptAt()).isEqualTo(NOW.minusSeconds(70));
		assertThat(waiting.getLastOutcome()).isEqualTo(failedBefore);
		assertThat(waiting.getDueAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)).plusSeconds(15));
		Attempt attempt = attempt();
		assertThat(attempt.getAttempt()).isEqualTo(2);
		assertThat(attempt.getUrl()).isEqualTo(URL);
		assertThat(attempt.getOutcome().getError()).isEqualTo("circuit_open");
		assertThat(attempt.getOutcome().getStatus()).isNull();
		assertThat(attempt.getNextAction()).isEqualTo("hookline.deliveries.retry.5m");
		assertThat(attempt.getNextAttemptAt()).isEqualTo(waiting.getDueAt());
		assertThat(counted("deferred")).isOne();
		assertThat(counted("retried")).isZero();
	}

	@Test
	void aLastAttemptRefusedByAnOpenCircuitIsDeferredNotDeadLettered() {
		this.nextStep
			.deferred(delivery(6, NOW.minus(Duration.ofHours(15))), URL, NotSent.CIRCUIT_OPEN, Duration.ZERO,
					from("hookline.deliveries.retry.12h"))
			.block(PATIENCE);

		assertThat(handedOn("hookline.deliveries.retry.1m").getAttempt()).isEqualTo(6);
		assertThat(this.producer.history()).extracting(ProducerRecord::topic)
			.doesNotContain("hookline.deliveries.dlq", "hookline.events");
	}

	/** A first attempt of the subscription at version 3 answered 410 Gone. */
	private void goneAnswered() {
		this.nextStep
			.afterSend(delivery(1, null), subscription(URL, 3), SendResult.answered(410, 5, null, null),
					new Verdict.Gone(), from(TOPICS.deliveries().name()))
			.block(PATIENCE);
	}

	private void failed(Delivery delivery, Origin origin, int status, Duration retryAfter) {
		this.nextStep
			.afterSend(delivery, subscription(URL, 1), SendResult.answered(status, 12, "nope", null),
					new Verdict.Retry("http_" + status, retryAfter), origin)
			.block(PATIENCE);
	}

	private Delivery handedOn(String topic) {
		return written(topic, TOPICS.deliveries().valueSerde().deserializer());
	}

	/** The events written, each keyed by its tenant and subscription. */
	private List<Event> events() {
		return this.producer.history()
			.stream()
			.filter((record) -> record.topic().equals("hookline.events"))
			.peek((record) -> assertThat(record.key()).isEqualTo("acme/sub-1"))
			.map((record) -> TOPICS.events().valueSerde().deserializer().deserialize(record.topic(), record.value()))
			.toList();
	}

	private Event onlyEvent() {
		List<Event> events = events();
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	/** The one change the disabler decided, which the writer wrote. */
	private Subscription disabledWritten() {
		assertThat(this.changes).hasSize(1);
		return this.changes.get(0).value();
	}

	/** The event committed with that change. */
	private Event announcedWithTheChange() {
		List<ProducerRecord<byte[], byte[]>> alongside = this.changes.get(0).alongside();
		assertThat(alongside).hasSize(1);
		ProducerRecord<byte[], byte[]> record = alongside.get(0);
		assertThat(record.topic()).isEqualTo("hookline.events");
		assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acme/sub-1");
		return TOPICS.events().valueSerde().deserializer().deserialize(record.topic(), record.value());
	}

	private Attempt attempt() {
		return written("hookline.attempts", TOPICS.attempts().valueSerde().deserializer());
	}

	private <V> V written(String topic, org.apache.kafka.common.serialization.Deserializer<V> deserializer) {
		List<ProducerRecord<String, byte[]>> records = this.producer.history()
			.stream()
			.filter((record) -> record.topic().equals(topic))
			.toList();
		assertThat(records).as("records written to %s", topic).hasSize(1);
		assertThat(records.get(0).key()).isEqualTo("sub-1");
		return deserializer.deserialize(topic, records.get(0).value());
	}

	private double counted(String outcome) {
		return this.registry.get("hookline.worker.deliveries").tag("outcome", outcome).counter().count();
	}

	private NextStep nextStep() {
		return nextStep(this.producer);
	}

	private NextStep nextStep(MockProducer<String, byte[]> mock) {
		TopicWriter writer = new TopicWriter(sink(mock));
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		RetrySchedule schedule = new RetrySchedule(TOPICS.retryTiers(), List.of(Duration.ofMinutes(1),
				Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12)), 0.1,
				() -> 0.5);
		OperationalEventWriter events = new OperationalEventWriter(writer, TOPICS, clock);
		FailingEndpoints failing = new FailingEndpoints(Duration.ofDays(5), this.healthView, TOPICS.endpointHealth(),
				writer);
		willAnswer((call) -> {
			Function<Optional<Subscription>, Plan<?>> decide = call.getArgument(1);
			Plan<?> plan = decide.apply(this.latest.apply(call.getArgument(0)));
			if (plan.write()) {
				this.changes.add(plan);
			}
			return plan.result();
		}).given(this.subscriptionWriter).change(anyString(), any());
		return new NextStep(writer, TOPICS, schedule, failing,
				new SubscriptionDisabler(this.view, this.subscriptionWriter, events, clock),
				new DeliveryMetrics(this.registry, new TopSubscriptions(this.registry, 0, Duration.ofMinutes(1))),
				events, Duration.ofDays(5), clock);
	}

	/**
	 * A mock producer that outlives the template closing it after each send, as the
	 * shared producer of a real producer factory does.
	 */
	private static MockProducer<String, byte[]> producer(boolean autoComplete) {
		return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer()) {

			@Override
			public void close(Duration timeout) {
			}

		};
	}

	private static Origin from(String topic) {
		return new Origin(new TopicPartition(topic, 0), 0, () -> true);
	}

	private static Delivery delivery(int attempt, Instant firstAttemptAt) {
		return Delivery.newBuilder()
			.setDeliveryId("msg_1")
			.setTenant("acme")
			.setEventId("evt-1")
			.setEventType("post.created")
			.setSubscriptionId("sub-1")
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap("{\"id\":\"evt-1\"}".getBytes(StandardCharsets.UTF_8)))
			.setAttempt(attempt)
			.setCreatedAt(NOW.minus(Duration.ofDays(7)))
			.setFirstAttemptAt(firstAttemptAt)
			.setDueAt(NOW)
			.build();
	}

	private static Subscription subscription(String url, long version) {
		return Subscription.newBuilder()
			.setId("sub-1")
			.setTenant("acme")
			.setUrl(url)
			.setSecret(ByteBuffer.wrap(new byte[] { 1, 2, 3 }))
			.setEventTypes(List.of("*"))
			.setVersion(version)
			.setCreatedAt(NOW.minus(Duration.ofDays(30)))
			.setUpdatedAt(NOW.minus(Duration.ofDays(30)))
			.build();
	}

}
