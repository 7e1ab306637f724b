package dev.hookline.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.standardwebhooks.Webhook;
import dev.hookline.launcher.Api.Answer;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What an admin configures, checked where it takes effect: on the requests a real
 * receiver gets from the real router and worker, verified with the official Standard
 * Webhooks library, and in the delivery log the API serves.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class AdminApiEndToEndTest {

	private static final String PREFIX = "admin.";

	private static final Topics TOPICS = new Topics(PREFIX);

	private static final List<AutoCloseable> closeables = new ArrayList<>();

	@TempDir
	static Path dir;

	private static VerifyingReceiver receiver;

	private static Api api;

	private static ApiKey admin;

	private static ApiKey producer;

	@BeforeAll
	static void start() {
		receiver = VerifyingReceiver.start();
		closeables.add(receiver);
		admin = ApiKey.admin("acme", ApiKey.generate("a_acme_"));
		producer = ApiKey.producer("acme", ApiKey.generate("p_acme_"));
		HooklineStack.Settings settings = new HooklineStack.Settings(
				EmbeddedKafkaCondition.getBroker().getBrokersAsString(), dir.resolve("keyset.json"), 0,
				dir.resolve("router"), true, List.of(admin, producer), true,
				Map.of("hookline.kafka.topic-prefix", PREFIX, "hookline.kafka.partitions", "2",
						"hookline.router.application-id", PREFIX + "router", "hookline.worker.group-id",
						PREFIX + "worker",
						// long enough that the delivery log can be seen in its retrying
						// state
						"hookline.worker.retry.delays", "3s,3s,3s,3s,3s", "hookline.worker.retry.jitter", "0",
						"hookline.ingest.subscriptions.secret-sweep-interval", "1s"));
		HooklineStack stack = HooklineStack.start(settings);
		closeables.add(stack);
		api = new Api(stack.apiUrl());
	}

	@AfterAll
	static void stop() throws Exception {
		for (int i = closeables.size() - 1; i >= 0; i--) {
			closeables.get(i).close();
		}
	}

	@Test
	void aFilteredOutEventIsNotDeliveredAndAnAllowlistRemovesFieldsBeforeSigning() throws Exception {
		JsonNode all = subscribe("/filters/all", "{\"eventTypes\":[\"order.*\"]}");
		JsonNode big = subscribe("/filters/big",
				"{\"eventTypes\":[\"order.*\"],\"filter\":[{\"path\":\"/amount\",\"gte\":100},"
						+ "{\"path\":\"/customer/country\",\"in\":[\"DE\",\"FR\"]}]}");
		subscribe("/filters/slim", "{\"eventTypes\":[\"order.*\"],\"fields\":[\"/orderId\",\"/customer/id\"]}");

		publish("ord-small", "order.created",
				"{\"orderId\":1,\"amount\":50,\"customer\":{\"id\":\"c1\",\"email\":\"ann@example.com\",\"country\":\"DE\"}}");
		publish("ord-big", "order.created",
				"{\"orderId\":2,\"amount\":150,\"customer\":{\"id\":\"c2\",\"email\":\"bob@example.com\",\"country\":\"FR\"}}");
		publish("ord-big-us", "order.created",
				"{\"orderId\":3,\"amount\":500,\"customer\":{\"id\":\"c3\",\"email\":\"cy@example.com\",\"country\":\"US\"}}");

		await().atMost(Duration.ofMinutes(1))
			.until(() -> receiver.received("/filters/all").size() == 3 && receiver.received("/filters/slim").size() == 3
					&& receiver.received("/filters/big").size() == 1);
		// the router writes all of an event's deliveries in one transaction, and the
		// unfiltered subscription received all three: nothing more can come for "big"
		String bigId = big.get("id").asString();
		assertThat(TopicReader.readAll(EmbeddedKafkaCondition.getBroker().getBrokersAsString(), TOPICS.deliveries()))
			.filteredOn((record) -> record.value().getSubscriptionId().equals(bigId))
			.extracting((record) -> record.value().getEventId())
			.containsExactly("ord-big");
		assertThat(all.get("id").asString()).isNotEqualTo(bigId);

		for (Received slim : receiver.received("/filters/slim")) {
			assertThat(slim.verified()).as(slim.verificationError()).isTrue();
			JsonNode data = Api.JSON.readTree(slim.body()).get("data");
			assertThat(data.propertyNames()).containsExactly("orderId", "customer");
			assertThat(data.get("customer").propertyNames()).containsExactly("id");
			assertThat(slim.body()).doesNotContain("email").doesNotContain("amount").doesNotContain("example.com");
		}
		Received bigOne = receiver.received("/filters/big").get(0);
		assertThat(bigOne.verified()).as(bigOne.verificationError()).isTrue();
		assertThat(bigOne.body()).contains("bob@example.com");
	}

	@Test
	void duringARotationEitherSecretVerifiesAndAfterExpiryOnlyTheNewOne() throws Exception {
		JsonNode created = subscribe("/rotation", "{\"eventTypes\":[\"invoice.paid\"]}");
		String id = created.get("id").asString();
		String oldSecret = created.get("secret").asString();

		JsonNode rotated = api.call("POST", "/v1/subscriptions/" + id + "/rotate-secret", admin, "{\"expiresIn\":4}")
			.expect(200);
		String newSecret = rotated.get("secret").asString();
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
		receiver.secrets("/rotation", newSecret);

		publish("inv-during", "invoice.paid", "{\"n\":1}");
		await().atMost(Duration.ofMinutes(1)).until(() -> receiver.received("/rotation").size() == 1);
		Received during = receiver.received("/rotation").get(0);
		assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
		assertThatCode(() -> verify(during, oldSecret)).doesNotThrowAnyException();
		assertThatCode(() -> verify(during, newSecret)).doesNotThrowAnyException();

		// the sweeper drops the expired secret from the record itself
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.call("GET", "/v1/subscriptions/" + id, admin, null).expect(200).get("secrets").isEmpty());

		publish("inv-after", "invoice.paid", "{\"n\":2}");
		await().atMost(Duration.ofMinutes(1)).until(() -> receiver.received("/rotation").size() == 2);
		Received after = receiver.received("/rotation").get(1);
		assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
		assertThatCode(() -> verify(after, newSecret)).doesNotThrowAnyException();
		assertThatThrownBy(() -> verify(after, oldSecret)).isInstanceOf(Exception.class);
	}

	@Test
	void theDeliveryLogShowsTwoFailuresThenTheSuccessInOrderAndTheDeliveryMovesToDelivered() throws Exception {
		receiver.behave("/flaky", Behaviour.ok().failingFirst(2, 500));
		JsonNode created = subscribe("/flaky", "{\"eventTypes\":[\"user.created\"]}");
		String subscriptionId = created.get("id").asString();
		publish("user-1", "user.created", "{\"name\":\"Ann\"}");
		String deliveryId = DeliveryIds.of("user-1", subscriptionId);

		Set<String> states = new LinkedHashSet<>();
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Answer answer = api.call("GET", "/v1/deliveries/" + deliveryId, admin, null);
			if (answer.status() == 200) {
				states.add(answer.body().get("state").asString());
			}
			return states.contains("delivered");
		});
		assertThat(states).contains("retrying").endsWith("delivered");
		assertThat(receiver.received("/flaky")).hasSize(3);

		JsonNode delivery = api.call("GET", "/v1/deliveries/" + deliveryId, admin, null).expect(200);
		assertThat(delivery.get("subscriptionId").asString()).isEqualTo(subscriptionId);
		assertThat(delivery.get("bodySha256").asString()).hasSize(64);
		JsonNode attempts = delivery.get("attempts");
		assertThat(attempts.valueStream().map((a) -> a.get("attempt").asInt())).containsExactly(1, 2, 3);
		assertThat(attempts.valueStream().map((a) -> a.get("status").asInt())).containsExactly(500, 500, 200);
		assertThat(attempts.valueStream().map((a) -> a.get("responseSnippet").asString())).containsExactly(
				"{\"received\":true,\"status\":500}", "{\"received\":true,\"status\":500}",
				"{\"received\":true,\"status\":200}");
		assertThat(attempts.get(0).get("nextAction").asString()).isEqualTo(TOPICS.retryTiers().get(0).topic().name());
		assertThat(attempts.get(0).get("nextAttemptAt").isString()).isTrue();
		assertThat(attempts.get(2).get("nextAction").asString()).isEqualTo("done");

		JsonNode log = api.call("GET", "/v1/subscriptions/" + subscriptionId + "/attempts", admin, null).expect(200);
		assertThat(log.get("data").valueStream().map((a) -> a.get("attempt").asInt())).containsExactly(3, 2, 1);
		JsonNode failed = api
			.call("GET", "/v1/subscriptions/" + subscriptionId + "/attempts?status=failed", admin, null)
			.expect(200);
		assertThat(failed.get("data").valueStream().map((a) -> a.get("status").asInt())).containsExactly(500, 500);
		// the counters reach every instance a commit interval after the history
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode stats = api.call("GET", "/v1/subscriptions/" + subscriptionId, admin, null)
				.expect(200)
				.get("stats");
			assertThat(stats.get("delivered").asInt()).isEqualTo(1);
			assertThat(stats.get("lastStatus").asString()).isEqualTo("delivered");
		});
	}

	@Test
	void aDisabledSubscriptionIsReportedToTheAlertEndpointButNeverToItself() throws Exception {
		receiver.behave("/gone", Behaviour.status(410));
		JsonNode gone = subscribe("/gone", "{\"eventTypes\":[\"shipment.*\",\"hookline.*\"]}");
		JsonNode alerts = subscribe("/alerts", "{\"eventTypes\":[\"hookline.*\"]}");
		subscribe("/everything", "{\"eventTypes\":[\"*\"]}");
		String goneId = gone.get("id").asString();

		publish("ship-1", "shipment.sent", "{\"n\":1}");

		await().atMost(Duration.ofMinutes(1)).until(() -> !receiver.received("/alerts").isEmpty());
		Received alert = receiver.received("/alerts").get(0);
		assertThat(alert.verified()).as(alert.verificationError()).isTrue();
		JsonNode body = Api.JSON.readTree(alert.body());
		assertThat(body.get("type").asString()).isEqualTo(OperationalEvents.SUBSCRIPTION_DISABLED);
		assertThat(body.get("data").get("subscriptionId").asString()).isEqualTo(goneId);
		JsonNode disabled = api.call("GET", "/v1/subscriptions/" + goneId, admin, null).expect(200);
		assertThat(disabled.get("active").asBoolean()).isFalse();
		assertThat(disabled.get("disabledReason").asString()).isNotBlank();

		// the router writes all of an event's deliveries in one transaction: the alert
		// endpoint's is the only one. "*" means every producer type, not Hookline's own.
		assertThat(TopicReader.readAll(EmbeddedKafkaCondition.getBroker().getBrokersAsString(), TOPICS.deliveries()))
			.filteredOn((record) -> record.value().getEventType().equals(OperationalEvents.SUBSCRIPTION_DISABLED))
			.extracting((record) -> record.value().getSubscriptionId())
			.containsExactly(alerts.get("id").asString());
		assertThat(receiver.received("/gone")).hasSize(1);
	}

	private static JsonNode subscribe(String path, String options) throws Exception {
		JsonNode body = Api.JSON.readTree(options);
		((tools.jackson.databind.node.ObjectNode) body).put("url", receiver.url(path));
		JsonNode created = api.call("POST", "/v1/subscriptions", admin, Api.JSON.writeValueAsString(body)).expect(201);
		receiver.secrets(path, created.get("secret").asString());
		return created;
	}

	private static void publish(String id, String type, String data) throws Exception {
		api.call("POST", "/v1/events", producer,
				"{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":" + data + "}")
			.expect(202);
	}

	private static void verify(Received received, String secret) throws Exception {
		new Webhook(secret).verify(received.body(), received.headers());
	}

}
