package dev.hookline.router.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.hookline.router.RouterConfig;
import dev.hookline.router.RouterProperties;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payload filters, field allowlists and the operational-event loop rule, in
 * {@link TopologyTestDriver} with the service's own Streams configuration.
 */
class PayloadRoutingTest {

	private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

	private static final Instant OCCURRED = Instant.parse("2025-05-31T08:30:00.250Z");

	private static final String ORDER = "{\"amount\":150.50,\"customer\":{\"id\":\"cus_1\",\"email\":\"a@example.com\"},"
			+ "\"items\":[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"B\",\"qty\":2}]}";

	private final Topics topics = Topics.withDefaultPrefix();

	@TempDir
	private Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, Subscription> subscriptions;

	private TestInputTopic<String, Event> events;

	private TestOutputTopic<String, Delivery> deliveries;

	private int eventCount;

	@BeforeEach
	void startDriver() {
		Duration window = Duration.ofHours(1);
		RouterProperties router = new RouterProperties("router-test", this.stateDir, 1, Duration.ofMillis(100),
				Duration.ofSeconds(5), window, Map.of());
		this.driver = new TopologyTestDriver(RouterTopology.build(this.topics, window),
				RouterConfig.streamsProperties(new KafkaSettings("unused:9092", null, null, null, null), router,
						new QuarantineWriter(this.topics, "unused:9092", Map.of(), "router-test", (entry) -> {
						})),
				NOW);
		this.subscriptions = this.driver.createInputTopic(this.topics.subscriptions().name(),
				this.topics.subscriptions().keySerde().serializer(),
				this.topics.subscriptions().valueSerde().serializer());
		this.events = this.driver.createInputTopic(this.topics.events().name(),
				this.topics.events().keySerde().serializer(), this.topics.events().valueSerde().serializer());
		this.deliveries = this.driver.createOutputTopic(this.topics.deliveries().name(),
				this.topics.deliveries().keySerde().deserializer(),
				this.topics.deliveries().valueSerde().deserializer());
	}

	@AfterEach
	void closeDriver() {
		this.driver.close();
	}

	@Test
	void anEventTheFilterRejectsReachesOnlyTheOtherSubscriptions() {
		subscribe("sub_big", "order.*", (s) -> s.setFilter("[{\"path\":\"/amount\",\"gte\":1000}]"));
		subscribe("sub_de", "order.*",
				(s) -> s.setFilter("[{\"path\":\"/customer/id\",\"in\":[\"cus_1\",\"cus_2\"]}]"));
		subscribe("sub_all", "order.*", (s) -> {
		});

		publish("order.paid", ORDER);

		assertThat(deliveredTo()).containsExactlyInAnyOrder("sub_de", "sub_all");
	}

	@Test
	void everyConditionOfAFilterMustHold() {
		subscribe("sub_1", "order.*",
				(s) -> s.setFilter("[{\"path\":\"/amount\",\"gte\":100},{\"path\":\"/coupon\",\"exists\":true}]"));

		publish("order.paid", ORDER);
		assertThat(deliveredTo()).isEmpty();

		publish("order.paid", "{\"amount\":100,\"coupon\":\"SPRING\"}");
		assertThat(deliveredTo()).containsExactly("sub_1");
	}

	@Test
	void aFieldsSubscriptionReceivesOnlyItsFieldsWhileOthersReceiveTheDataAsSent() {
		subscribe("sub_fields", "order.*", (s) -> s.setFields(List.of("/customer/id", "/amount", "/items/1/sku")));
		subscribe("sub_whole", "order.*", (s) -> {
		});

		String id = publish("order.paid", ORDER);

		Map<String, String> bodies = bodies();
		assertThat(bodies.get("sub_fields"))
			.isEqualTo("{\"id\":\"" + id + "\",\"type\":\"order.paid\"," + "\"timestamp\":\"2025-05-31T08:30:00.250Z\","
					+ "\"data\":{\"amount\":150.50,\"customer\":{\"id\":\"cus_1\"},\"items\":[{\"sku\":\"B\"}]}}");
		assertThat(bodies.get("sub_whole")).isEqualTo("{\"id\":\"" + id + "\",\"type\":\"order.paid\","
				+ "\"timestamp\":\"2025-05-31T08:30:00.250Z\",\"data\":" + ORDER + "}");
	}

	@Test
	void theFilterSeesTheWholeDataEvenFieldsTheAllowlistRemoves() {
		subscribe("sub_1", "order.*", (s) -> {
			s.setFilter("[{\"path\":\"/customer/email\",\"exists\":true}]");
			s.setFields(List.of("/amount"));
		});

		publish("order.paid", ORDER);

		assertThat(bodies().get("sub_1")).endsWith(",\"data\":{\"amount\":150.50}}");
	}

	@Test
	void anOperationalEventReachesAlertSubscriptionsButNeverTheSubscriptionItIsAbout() {
		subscribe("sub_a", "hookline.*", (s) -> {
		});
		subscribe("sub_alerts", "hookline.*", (s) -> {
		});
		subscribe("sub_exact", OperationalEvents.DELIVERY_EXHAUSTED, (s) -> {
		});
		subscribe("sub_everything", "*", (s) -> {
		});

		publish(OperationalEvents.DELIVERY_EXHAUSTED, "{\"subscriptionId\":\"sub_a\",\"attempts\":8}");
		assertThat(deliveredTo()).containsExactlyInAnyOrder("sub_alerts", "sub_exact");

		publish(OperationalEvents.SUBSCRIPTION_DISABLED, "{\"subscriptionId\":\"sub_alerts\"}");
		assertThat(deliveredTo()).containsExactly("sub_a");
	}

	@Test
	void onlyOperationalEventsAreKeptFromTheSubscriptionTheirDataNames() {
		subscribe("sub_a", "*", (s) -> {
		});

		publish("order.paid", "{\"subscriptionId\":\"sub_a\"}");

		assertThat(deliveredTo()).containsExactly("sub_a");
	}

	@Test
	void aStoredFilterOrAllowlistThatCannotBeReadMatchesNothingAndIsCounted() {
		subscribe("sub_bad_filter", "order.*", (s) -> s.setFilter("[{\"path\":\"amount\",\"gte\":1}]"));
		subscribe("sub_not_json", "order.*", (s) -> s.setFilter("{\"path\":"));
		subscribe("sub_bad_fields", "order.*", (s) -> s.setFields(List.of("/amount", "customer")));
		subscribe("sub_ok", "order.*", (s) -> s.setFilter("[{\"path\":\"/amount\",\"gte\":1}]"));

		publish("order.paid", ORDER);
		publish("order.paid", ORDER);

		assertThat(deliveredTo()).containsExactly("sub_ok", "sub_ok");
		assertThat(RouterMetrics.invalidRules(this.driver.metrics())).isEqualTo(6.0);
	}

	@Test
	void aNewVersionOfASubscriptionIsRoutedByItsNewRules() {
		subscribe("sub_1", "order.*", (s) -> s.setFilter("[{\"path\":\"/amount\",\"gte\":1000}]"));
		publish("order.paid", ORDER);
		assertThat(deliveredTo()).isEmpty();

		subscribe("sub_1", "order.*", (s) -> {
			s.setVersion(2L);
			s.setFields(List.of("/amount"));
		});
		publish("order.paid", ORDER);

		assertThat(bodies().get("sub_1")).endsWith(",\"data\":{\"amount\":150.50}}");
	}

	@Test
	void anEventWhoseDataIsNotJsonIsSkippedAndCountedWhenAFilterReadsIt() {
		subscribe("sub_filtered", "order.*", (s) -> s.setFilter("[{\"path\":\"/amount\",\"gte\":1}]"));
		subscribe("sub_whole", "order.*", (s) -> {
		});

		publish("order.paid", "{\"amount\":5} trailing");
		publish("order.paid", ORDER);

		assertThat(deliveredTo()).containsExactlyInAnyOrder("sub_filtered", "sub_whole");
		assertThat(RouterMetrics.invalidEvents(this.driver.metrics())).isEqualTo(1.0);
	}

	private void subscribe(String id, String pattern, Consumer<Subscription> rules) {
		Subscription subscription = Subscription.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setUrl("https://example.com/hooks/" + id)
			.setSecret(ByteBuffer.wrap(new byte[] { 42 }))
			.setEventTypes(List.of(pattern))
			.setVersion(1L)
			.setCreatedAt(OCCURRED)
			.setUpdatedAt(OCCURRED)
			.build();
		rules.accept(subscription);
		this.subscriptions.pipeInput(id, subscription);
	}

	/**
	 * Publishes an event with a fresh id, so deduplication never drops it; returns the
	 * id.
	 */
	private String publish(String type, String data) {
		String id = "evt_" + (++this.eventCount);
		Event event = Event.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setType(type)
			.setOccurredAt(OCCURRED)
			.setData(data)
			.build();
		this.events.pipeInput(Topics.eventKey("acme", id), event);
		return id;
	}

	private List<String> deliveredTo() {
		return this.deliveries.readKeyValuesToList().stream().map((record) -> record.key).toList();
	}

	private Map<String, String> bodies() {
		return this.deliveries.readKeyValuesToList()
			.stream()
			.collect(Collectors.toMap((record) -> record.key, PayloadRoutingTest::body));
	}

	private static String body(KeyValue<String, Delivery> record) {
		ByteBuffer body = record.value.getBody();
		byte[] bytes = new byte[body.remaining()];
		body.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
