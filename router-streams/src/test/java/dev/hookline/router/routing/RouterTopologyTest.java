package dev.hookline.router.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.router.RouterConfig;
import dev.hookline.router.RouterProperties;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The whole routing logic in {@link TopologyTestDriver}, with the service's own Streams
 * configuration.
 */
class RouterTopologyTest {

	private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

	private static final Instant OCCURRED = Instant.parse("2025-05-31T08:30:00.250Z");

	private static final Duration WINDOW = Duration.ofHours(1);

	private static final Duration MS = Duration.ofMillis(1);

	private final Topics topics = Topics.withDefaultPrefix();

	@TempDir
	private Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, Subscription> subscriptions;

	private TestInputTopic<String, Event> events;

	private TestInputTopic<String, byte[]> rawEvents;

	private TestOutputTopic<String, Delivery> deliveries;

	@BeforeEach
	void startDriver() {
		start(WINDOW);
	}

	private void start(Duration dedupWindow) {
		RouterProperties router = new RouterProperties("router-test", this.stateDir, 1, Duration.ofMillis(100),
				Duration.ofSeconds(5), dedupWindow, Map.of());
		this.driver = new TopologyTestDriver(RouterTopology.build(this.topics, dedupWindow),
				RouterConfig.streamsProperties(new KafkaSettings("unused:9092", null, null, null, null), router,
						new QuarantineWriter(this.topics, "unused:9092", Map.of(), "router-test", (entry) -> {
						})),
				NOW);
		this.subscriptions = this.driver.createInputTopic(this.topics.subscriptions().name(),
				this.topics.subscriptions().keySerde().serializer(),
				this.topics.subscriptions().valueSerde().serializer());
		this.events = this.driver.createInputTopic(this.topics.events().name(),
				this.topics.events().keySerde().serializer(), this.topics.events().valueSerde().serializer());
		this.rawEvents = this.driver.createInputTopic(this.topics.events().name(), new StringSerializer(),
				new ByteArraySerializer());
		this.deliveries = this.driver.createOutputTopic(this.topics.deliveries().name(),
				this.topics.deliveries().keySerde().deserializer(),
				this.topics.deliveries().valueSerde().deserializer());
	}

	@AfterEach
	void closeDriver() {
		this.driver.close();
	}

	@Test
	void anEventReachesEveryActiveSubscriptionOfItsTenantWhosePatternsMatch() {
		subscribe(subscription("sub_exact", "acme", "post.created"));
		subscribe(subscription("sub_prefix", "acme", "post.*"));
		subscribe(subscription("sub_all", "acme", "*"));
		subscribe(subscription("sub_users", "acme", "user.*"));
		subscribe(subscription("sub_deeper", "acme", "post.created.*"));

		publish(event("acme", "evt_1", "post.created"));

		assertThat(deliveredTo()).containsExactlyInAnyOrder("sub_exact", "sub_prefix", "sub_all");
	}

	@Test
	void anotherTenantsSubscriptionsAreNeverMatched() {
		subscribe(subscription("sub_acme", "acme", "*"));
		subscribe(subscription("sub_globex", "globex", "*"));
		subscribe(subscription("sub_globex_posts", "globex", "post.*"));

		publish(event("globex", "evt_1", "user.created"));
		publish(event("initech", "evt_2", "user.created"));

		assertThat(deliveredTo()).containsExactly("sub_globex");
	}

	@Test
	void tenantsWhoseNamesShareAPrefixOrContainTheSeparatorStayApart() {
		subscribe(subscription("sub_a", "a", "*"));
		subscribe(subscription("sub_a_pipe_b", "a|b", "*"));
		subscribe(subscription("sub_ab", "ab", "*"));
		subscribe(subscription("sub_a_percent", "a%7Cb", "*"));

		publish(event("a", "evt_1", "post.created"));
		assertThat(deliveredTo()).containsExactly("sub_a");

		publish(event("a|b", "evt_2", "post.created"));
		assertThat(deliveredTo()).containsExactly("sub_a_pipe_b");
	}

	@Test
	void inactiveSubscriptionsReceiveNothing() {
		subscribe(subscription("sub_on", "acme", "*"));
		Subscription off = subscription("sub_off", "acme", "*");
		off.setActive(false);
		subscribe(off);

		publish(event("acme", "evt_1", "post.created"));

		assertThat(deliveredTo()).containsExactly("sub_on");
	}

	@Test
	void aDeletedSubscriptionReceivesNothingMore() {
		subscribe(subscription("sub_kept", "acme", "*"));
		subscribe(subscription("sub_deleted", "acme", "*"));
		publish(event("acme", "evt_1", "post.created"));
		assertThat(deliveredTo()).containsExactlyInAnyOrder("sub_kept", "sub_deleted");

		this.subscriptions.pipeInput("sub_deleted", null);
		publish(event("acme", "evt_2", "post.created"));

		assertThat(deliveredTo()).containsExactly("sub_kept");
	}

	@Test
	void aChangedSubscriptionIsMatchedByItsNewPatternsAndVersion() {
		subscribe(subscription("sub_1", "acme", "post.*"));
		publish(event("acme", "evt_0", "post.created"));
		assertThat(deliveredTo()).containsExactly("sub_1");
		Subscription changed = subscription("sub_1", "acme", "user.*");
		changed.setVersion(2L);
		subscribe(changed);

		publish(event("acme", "evt_1", "post.created"));
		assertThat(deliveredTo()).isEmpty();

		publish(event("acme", "evt_2", "user.created"));
		List<Delivery> delivered = this.deliveries.readValuesToList();
		assertThat(delivered).extracting(Delivery::getSubscriptionId, Delivery::getSubscriptionVersion)
			.containsExactly(tuple("sub_1", 2L));
	}

	@Test
	void aSubscriptionMovedToAnotherTenantOnlyMatchesItsNewTenant() {
		subscribe(subscription("sub_1", "acme", "*"));
		publish(event("globex", "evt_0", "post.created"));
		assertThat(deliveredTo()).isEmpty();
		subscribe(subscription("sub_1", "globex", "*"));

		publish(event("acme", "evt_1", "post.created"));
		assertThat(deliveredTo()).isEmpty();

		publish(event("globex", "evt_2", "post.created"));
		assertThat(deliveredTo()).containsExactly("sub_1");
	}

	@Test
	void aSubscriptionAddedAfterItsTenantsEventsWereRoutedReceivesTheNextOne() {
		subscribe(subscription("sub_first", "acme", "post.*"));
		publish(event("acme", "evt_1", "post.created"));
		assertThat(deliveredTo()).containsExactly("sub_first");

		subscribe(subscription("sub_second", "acme", "post.created"));
		publish(event("acme", "evt_2", "post.created"));

		assertThat(deliveredTo()).containsExactlyInAnyOrder("sub_first", "sub_second");
	}

	@Test
	void aSubscriptionGetsOneDeliveryPerEventWhenSeveralOfItsPatternsMatch() {
		subscribe(subscription("sub_1", "acme", "post.created", "post.*", "*"));

		publish(event("acme", "evt_1", "post.created"));

		assertThat(deliveredTo()).containsExactly("sub_1");
	}

	@Test
	void eachDeliveryIsKeyedBySubscriptionIdAndCarriesTheStableDeliveryId() {
		subscribe(subscription("sub_1", "acme", "*"));
		subscribe(subscription("sub_2", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"));

		List<KeyValue<String, Delivery>> records = this.deliveries.readKeyValuesToList();
		assertThat(records).hasSize(2).allSatisfy((record) -> {
			assertThat(record.key).isEqualTo(record.value.getSubscriptionId());
			assertThat(record.value.getDeliveryId()).isEqualTo(DeliveryIds.of("evt_1", record.key));
		});
		assertThat(records).extracting((record) -> record.value.getDeliveryId()).doesNotHaveDuplicates();
	}

	@Test
	void aDeliveryCarriesTheExactBodyAndIsDueAsSoonAsItIsCreated() {
		Subscription subscription = subscription("sub_1", "acme", "post.*");
		subscription.setVersion(7L);
		subscribe(subscription);

		publish(event("acme", "evt_1", "post.created"));

		Delivery delivery = this.deliveries.readValue();
		assertThat(delivery.getTenant()).isEqualTo("acme");
		assertThat(delivery.getEventId()).isEqualTo("evt_1");
		assertThat(delivery.getEventType()).isEqualTo("post.created");
		assertThat(delivery.getSubscriptionVersion()).isEqualTo(7L);
		assertThat(body(delivery)).isEqualTo("{\"id\":\"evt_1\",\"type\":\"post.created\","
				+ "\"timestamp\":\"2025-05-31T08:30:00.250Z\",\"data\":{\"title\":\"Hello\",\"n\":1}}");
		assertThat(delivery.getAttempt()).isEqualTo(1);
		assertThat(delivery.getCreatedAt()).isEqualTo(NOW);
		assertThat(delivery.getDueAt()).isEqualTo(NOW);
		assertThat(delivery.getFirstAttemptAt()).isNull();
		assertThat(delivery.getLastOutcome()).isNull();
	}

	@Test
	void deliveriesAreCreatedAtTheWallClockTimeNotWhenTheEventOccurred() {
		subscribe(subscription("sub_1", "acme", "*"));
		this.driver.advanceWallClockTime(Duration.ofMinutes(5));

		publish(event("acme", "evt_1", "post.created"));

		assertThat(this.deliveries.readValue().getCreatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
	}

	@Test
	void aCorruptEventIsSkippedAndCountedAndTheNextEventStillRoutes() {
		// its quarantine entry is a dead-letter record, which the test driver does not
		// capture: RouterApplicationIntegrationTest reads it on a real broker
		subscribe(subscription("sub_1", "acme", "*"));

		this.rawEvents.pipeInput("acme/evt_0", "not an avro event".getBytes(StandardCharsets.UTF_8));
		publish(event("acme", "evt_1", "post.created"));

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventId).containsExactly("evt_1");
		assertThat(RouterMetrics.droppedRecords(this.driver.metrics())).isEqualTo(1.0);
	}

	/**
	 * Its quarantine entry is a dead-letter record, which the test driver does not
	 * capture: {@code RouterApplicationIntegrationTest} reads it on a broker.
	 */
	@Test
	void anEventWhoseDataIsNotJsonIsRoutedToNoOneCountedAndPassedOver() {
		subscribe(subscription("sub_1", "acme", "*"));
		Event broken = event("acme", "evt_0", "post.created");
		broken.setData("{\"title\":");

		publish(broken);
		publish(event("acme", "evt_1", "post.created"));

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventId).containsExactly("evt_1");
		assertThat(RouterMetrics.invalidEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	@Test
	void aCorruptSubscriptionRecordIsSkippedAndTheOthersStillRoute() {
		this.driver
			.createInputTopic(this.topics.subscriptions().name(), new StringSerializer(), new ByteArraySerializer())
			.pipeInput("sub_broken", new byte[] { 1, 2, 3 });
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"));

		assertThat(deliveredTo()).containsExactly("sub_1");
	}

	@Test
	void theSameEventIdTwiceWithinTheWindowRoutesOnceAndCountsOneDuplicate() {
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(event("acme", "evt_1", "post.created"), NOW.plus(WINDOW).minus(MS));

		assertThat(deliveredTo()).containsExactly("sub_1");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	@Test
	void aDifferentEventReusingAnIdWithinTheWindowIsDroppedAsACopy() {
		subscribe(subscription("sub_1", "acme", "*"));
		Event reused = event("acme", "evt_1", "user.deleted");
		reused.setData("{\"other\":true}");

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(reused, NOW.plusSeconds(1));

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventType)
			.containsExactly("post.created");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	@Test
	void theSameIdFromTwoTenantsRoutesBoth() {
		subscribe(subscription("sub_acme", "acme", "*"));
		subscribe(subscription("sub_globex", "globex", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(event("globex", "evt_1", "post.created"), NOW);

		assertThat(deliveredTo()).containsExactly("sub_acme", "sub_globex");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isZero();
	}

	@Test
	void tenantsAndIdsThatReadTheSameWhenJoinedAreNotCopies() {
		subscribe(subscription("sub_a", "a", "*"));
		subscribe(subscription("sub_a_slash_b", "a/b", "*"));

		publish(event("a/b", "c", "post.created"), NOW);
		publish(event("a", "b/c", "post.created"), NOW);

		assertThat(deliveredTo()).containsExactly("sub_a_slash_b", "sub_a");
	}

	@Test
	void theSameIdAfterTheWindowHasPassedRoutesAgain() {
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(event("acme", "evt_1", "post.created"), NOW.plus(WINDOW));

		assertThat(deliveredTo()).containsExactly("sub_1", "sub_1");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isZero();
	}

	@Test
	void aDroppedCopyDoesNotExtendTheWindow() {
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(event("acme", "evt_1", "post.created"), NOW.plus(WINDOW.dividedBy(2)));
		publish(event("acme", "evt_1", "post.created"), NOW.plus(WINDOW));

		assertThat(deliveredTo()).containsExactly("sub_1", "sub_1");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	@Test
	void aCopyStampedEarlierThanTheEventItRepeatsIsStillDropped() {
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(event("acme", "evt_1", "post.created"), NOW.minus(Duration.ofMinutes(5)));

		assertThat(deliveredTo()).containsExactly("sub_1");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	// The store files ids in window-long buckets: the event sits at the start, inside,
	// and
	// at the end of one, so that its copies fall into the buckets on either side.
	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 30 * 60_000, 60 * 60_000 - 1 })
	void copiesAreDroppedUpToOneWindowEitherSideWhereverTheEventFallsInItsBucket(long offsetMs) {
		subscribe(subscription("sub_1", "acme", "*"));
		Instant routed = NOW.plusMillis(offsetMs);

		publish(event("acme", "evt_1", "post.created"), routed);
		publish(event("acme", "evt_1", "post.created"), routed.plus(WINDOW).minus(MS));
		publish(event("acme", "evt_1", "post.created"), routed.minus(WINDOW).plus(MS));
		publish(event("acme", "evt_2", "post.created"), routed);
		publish(event("acme", "evt_2", "post.created"), routed.plus(WINDOW));
		publish(event("acme", "evt_3", "post.created"), routed);
		publish(event("acme", "evt_3", "post.created"), routed.minus(WINDOW));

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventId)
			.containsExactly("evt_1", "evt_2", "evt_2", "evt_3", "evt_3");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(2.0);
	}

	@Test
	void anIdIsStillRememberedWhenStreamTimeIsAlmostTwoWindowsPastItsBucket() {
		subscribe(subscription("sub_1", "acme", "*"));
		Instant routed = NOW.plus(WINDOW).minus(MS);
		Instant streamTime = routed.plus(WINDOW).minus(MS);

		publish(event("acme", "evt_1", "post.created"), routed);
		publish(event("acme", "evt_later", "post.created"), streamTime);
		publish(event("acme", "evt_1", "post.created"), streamTime);

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventId)
			.containsExactly("evt_1", "evt_later");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	@Test
	void anEventMoreThanAWindowBehindItsPartitionStillRoutesAndIsNotCountedAsDropped() {
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_new", "post.created"), NOW.plus(WINDOW.multipliedBy(3)));
		publish(event("acme", "evt_old", "post.created"), NOW);

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventId)
			.containsExactly("evt_new", "evt_old");
		assertThat(RouterMetrics.droppedRecords(this.driver.metrics())).isZero();
	}

	@Test
	void aWindowOfZeroTurnsDeduplicationOffAndEveryCopyRoutes() {
		this.driver.close();
		start(Duration.ZERO);
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		publish(event("acme", "evt_1", "post.created"), NOW);

		assertThat(deliveredTo()).containsExactly("sub_1", "sub_1");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isZero();
		assertThat(this.driver.getAllStateStores()).doesNotContainKey(EventDeduplicator.STORE);
	}

	@Test
	void aCorruptRecordBetweenAnEventAndItsCopyDoesNotDisturbDeduplication() {
		subscribe(subscription("sub_1", "acme", "*"));

		publish(event("acme", "evt_1", "post.created"), NOW);
		this.rawEvents.pipeInput("acme/evt_1", "not an avro event".getBytes(StandardCharsets.UTF_8),
				NOW.plusSeconds(1));
		publish(event("acme", "evt_1", "post.created"), NOW.plusSeconds(2));
		publish(event("acme", "evt_2", "post.created"), NOW.plusSeconds(3));

		assertThat(this.deliveries.readValuesToList()).extracting(Delivery::getEventId)
			.containsExactly("evt_1", "evt_2");
		assertThat(RouterMetrics.duplicateEvents(this.driver.metrics())).isEqualTo(1.0);
		assertThat(RouterMetrics.droppedRecords(this.driver.metrics())).isEqualTo(1.0);
	}

	@Test
	void aNegativeWindowIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RouterTopology.build(this.topics, Duration.ofMinutes(-1)))
			.withMessageContaining("deduplication window");
	}

	private void subscribe(Subscription subscription) {
		this.subscriptions.pipeInput(subscription.getId(), subscription);
	}

	private void publish(Event event) {
		this.events.pipeInput(Topics.eventKey(event.getTenant(), event.getId()), event);
	}

	private void publish(Event event, Instant timestamp) {
		this.events.pipeInput(Topics.eventKey(event.getTenant(), event.getId()), event, timestamp);
	}

	private List<String> deliveredTo() {
		return this.deliveries.readKeyValuesToList().stream().map((record) -> record.key).toList();
	}

	private static String body(Delivery delivery) {
		ByteBuffer body = delivery.getBody();
		byte[] bytes = new byte[body.remaining()];
		body.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** An active subscription at version 1 (also used by {@link TenantViewsTest}). */
	static Subscription subscription(String id, String tenant, String... patterns) {
		return Subscription.newBuilder()
			.setId(id)
			.setTenant(tenant)
			.setUrl("https://example.com/hooks/" + id)
			.setSecret(ByteBuffer.wrap(new byte[] { 42 }))
			.setEventTypes(List.of(patterns))
			.setVersion(1L)
			.setCreatedAt(OCCURRED)
			.setUpdatedAt(OCCURRED)
			.build();
	}

	private static Event event(String tenant, String id, String type) {
		return Event.newBuilder()
			.setId(id)
			.setTenant(tenant)
			.setType(type)
			.setOccurredAt(OCCURRED)
			.setData("{\"title\":\"Hello\",\"n\":1}")
			.build();
	}

}
