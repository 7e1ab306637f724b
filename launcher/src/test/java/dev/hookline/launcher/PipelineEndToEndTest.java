package dev.hookline.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hookline.launcher.Api.PublishedEvent;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on a real in-JVM KRaft broker: events posted over HTTP to the real
 * ingest service, routed by the real router, sent by the real worker to a real receiver
 * that verifies every signature with the official Standard Webhooks library.
 */
@EmbeddedKafka(partitions = 4,
		brokerProperties = { "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"group.initial.rebalance.delay.ms=0" })
@ExtendWith(OutputCaptureExtension.class)
class PipelineEndToEndTest {

	private static final List<String> TENANTS = List.of("acme", "globex", "initech");

	private static final List<String> TYPES = List.of("order.created", "order.shipped", "invoice.paid", "user.created",
			"user.deleted");

	/**
	 * Ten subscriptions with overlapping patterns, and what each must receive: written
	 * out by hand, not computed by the matcher under test.
	 */
	private static final List<Sub> SUBSCRIPTIONS = List.of(new Sub("acme", "a-all", List.of("*"), Set.copyOf(TYPES)),
			new Sub("acme", "a-orders", List.of("order.*"), Set.of("order.created", "order.shipped")),
			new Sub("acme", "a-created", List.of("order.created"), Set.of("order.created")),
			new Sub("acme", "a-mixed", List.of("invoice.paid", "order.created", "order.*"),
					Set.of("invoice.paid", "order.created", "order.shipped")),
			new Sub("globex", "g-all", List.of("*"), Set.copyOf(TYPES)),
			new Sub("globex", "g-users", List.of("user.*"), Set.of("user.created", "user.deleted")),
			new Sub("globex", "g-deleted", List.of("user.deleted"), Set.of("user.deleted")),
			new Sub("globex", "g-none", List.of("shipment.*", "order.refunded", "orders.*"), Set.of()),
			new Sub("initech", "i-orders", List.of("order.*"), Set.of("order.created", "order.shipped")),
			new Sub("initech", "i-invoices", List.of("invoice.*", "*"), Set.copyOf(TYPES)));

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@TempDir
	Path dir;

	@AfterEach
	void stop() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void everyPublishedEventReachesExactlyTheSubscriptionsThatMatchItSignedAndNoSecretLeaks(CapturedOutput output)
			throws Exception {
		Pipeline pipeline = startPipeline("e2e.", true);

		List<PublishedEvent> events = events(pipeline, 1000);
		pipeline.api.publish(events, 16);

		Map<String, String> expected = expectedDeliveries(pipeline, events);
		awaitExactly(pipeline, expected);
		assertEveryRequestMatches(pipeline, expected, events);

		List<String> secrets = new ArrayList<>(pipeline.secrets.values());
		assertThat(secrets).hasSize(10).allMatch(s -> s.startsWith("whsec_"));
		String topicBytes = TopicReader.rawValues(broker().getBrokersAsString(), "e2e.subscriptions")
			.stream()
			.map(v -> new String(v, StandardCharsets.ISO_8859_1))
			.collect(Collectors.joining("\n"));
		assertThat(topicBytes).as("the subscriptions topic holds every subscription").contains("/hooks/a-all");
		for (String secret : secrets) {
			byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
			assertThat(topicBytes).doesNotContain(secret)
				.doesNotContain(secret.substring("whsec_".length()))
				.doesNotContain(new String(key, StandardCharsets.ISO_8859_1));
			assertThat(output.getAll()).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
		}
	}

	@Test
	void aRouterKilledMidStreamDeliversNoPairTwice() throws Exception {
		Pipeline pipeline = startPipeline("crash.", false);
		Map<String, Object> routerProperties = new LinkedHashMap<>(HooklineStack.routerProperties(pipeline.settings));
		// a killed member leaves the group after this long, instead of the default 45 s
		routerProperties.put("hookline.router.streams[session.timeout.ms]", "6000");
		RouterProcess first = RouterProcess.start(routerProperties, this.dir.resolve("router-1.log"));
		this.closeables.add(first);
		List<PublishedEvent> events = events(pipeline, 1000);
		Map<String, String> expected = expectedDeliveries(pipeline, events);

		// first let a few events through, so the router is known to be running before it
		// is killed
		List<PublishedEvent> warmUp = events.subList(0, 30);
		pipeline.api.publish(warmUp, 10);
		int warmUpDeliveries = expectedDeliveries(pipeline, warmUp).size();
		await().atMost(Duration.ofMinutes(2)).until(() -> pipeline.receiver.count() >= warmUpDeliveries);

		PacedPublisher publishing = PacedPublisher.start(pipeline.api, events.subList(30, events.size()), 10,
				Duration.ofMillis(50));
		this.closeables.add(publishing);
		await().atMost(Duration.ofMinutes(2)).until(() -> pipeline.receiver.count() >= expected.size() / 4);
		assertThat(publishing.isDone()).as("the crash happens while events still stream in").isFalse();
		first.kill();
		assertThat(first.isAlive()).isFalse();
		RouterProcess second = RouterProcess.start(routerProperties, this.dir.resolve("router-2.log"));
		this.closeables.add(second);
		publishing.await(Duration.ofMinutes(2));

		awaitExactly(pipeline, expected);
		assertEveryRequestMatches(pipeline, expected, events);
	}

	private Pipeline startPipeline(String prefix, boolean withRouter) throws Exception {
		VerifyingReceiver receiver = VerifyingReceiver.start();
		this.closeables.add(receiver);
		List<ApiKey> keys = new ArrayList<>();
		Map<String, ApiKey> producers = new HashMap<>();
		Map<String, ApiKey> admins = new HashMap<>();
		for (String tenant : TENANTS) {
			producers.put(tenant, ApiKey.producer(tenant, ApiKey.generate("p_" + tenant + "_")));
			admins.put(tenant, ApiKey.admin(tenant, ApiKey.generate("a_" + tenant + "_")));
			keys.add(producers.get(tenant));
			keys.add(admins.get(tenant));
		}
		HooklineStack.Settings settings = new HooklineStack.Settings(broker().getBrokersAsString(),
				this.dir.resolve("keyset.json"), 0, this.dir.resolve("router-" + prefix), true, keys, withRouter,
				Map.of("hookline.kafka.topic-prefix", prefix, "hookline.kafka.partitions", "4",
						"hookline.router.application-id", prefix + "router", "hookline.worker.group-id",
						prefix + "worker",
						// the secret-leak check reads every log line Hookline writes, so
						// let it write them all
						"logging.level.dev.hookline", "DEBUG", "logging.level.root", "INFO"));
		HooklineStack stack = HooklineStack.start(settings);
		this.closeables.add(stack);
		Api api = new Api(stack.apiUrl());
		Map<String, String> ids = new LinkedHashMap<>();
		Map<String, String> secrets = new LinkedHashMap<>();
		for (Sub sub : SUBSCRIPTIONS) {
			String path = "/hooks/" + sub.name();
			JsonNode created = api.subscribe(admins.get(sub.tenant()), receiver.url(path),
					sub.patterns().toArray(String[]::new));
			ids.put(sub.name(), created.get("id").asString());
			secrets.put(sub.name(), created.get("secret").asString());
			receiver.secrets(path, created.get("secret").asString());
		}
		return new Pipeline(settings, stack, receiver, api, producers, ids, secrets, new Topics(prefix));
	}

	private static List<PublishedEvent> events(Pipeline pipeline, int count) {
		List<PublishedEvent> events = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			String tenant = TENANTS.get(n % TENANTS.size());
			events.add(new PublishedEvent(pipeline.producers.get(tenant), "evt-" + n, TYPES.get((n / 3) % TYPES.size()),
					n));
		}
		return events;
	}

	/**
	 * Delivery id to receiver path, for every (event, subscription) pair that must be
	 * delivered.
	 */
	private static Map<String, String> expectedDeliveries(Pipeline pipeline, List<PublishedEvent> events) {
		Map<String, String> expected = new HashMap<>();
		for (PublishedEvent event : events) {
			for (Sub sub : SUBSCRIPTIONS) {
				if (sub.tenant().equals(event.producer().tenant()) && sub.receives().contains(event.type())) {
					expected.put(DeliveryIds.of(event.id(), pipeline.ids.get(sub.name())), "/hooks/" + sub.name());
				}
			}
		}
		return expected;
	}

	/**
	 * Waits until every stage has finished: the deliveries topic, the attempts topic and
	 * the receiver each hold as many records as there are expected pairs. An extra or
	 * repeated delivery would show as a larger count, or as a mismatch in the assertions
	 * that follow.
	 */
	private static void awaitExactly(Pipeline pipeline, Map<String, String> expected) {
		String bootstrap = broker().getBrokersAsString();
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> pipeline.receiver.count() >= expected.size()
					&& TopicReader.readAll(bootstrap, pipeline.topics.attempts()).size() >= expected.size());
		assertThat(TopicReader.readAll(bootstrap, pipeline.topics.deliveries())).hasSize(expected.size());
		assertThat(TopicReader.readAll(bootstrap, pipeline.topics.attempts())).hasSize(expected.size())
			.allSatisfy(attempt -> assertThat(attempt.value().getNextAction()).isEqualTo("done"));
	}

	private static void assertEveryRequestMatches(Pipeline pipeline, Map<String, String> expected,
			List<PublishedEvent> events) {
		List<Received> received = pipeline.receiver.received();
		assertThat(received).allSatisfy(r -> assertThat(r.verified()).as(r.verificationError()).isTrue());
		Map<String, String> got = received.stream().collect(Collectors.toMap(Received::webhookId, Received::path));
		assertThat(received).as("no webhook-id arrives twice").hasSize(got.size());
		assertThat(got).isEqualTo(expected);

		Map<String, PublishedEvent> byId = events.stream().collect(Collectors.toMap(PublishedEvent::id, e -> e));
		for (Received r : received) {
			JsonNode body = Api.JSON.readTree(r.body());
			PublishedEvent event = byId.get(body.get("id").asString());
			String subscriptionId = pipeline.ids.get(r.path().substring("/hooks/".length()));
			assertThat(r.webhookId()).isEqualTo(DeliveryIds.of(event.id(), subscriptionId));
			assertThat(body.get("type").asString()).isEqualTo(event.type());
			assertThat(body.get("data").get("n").asInt()).isEqualTo(event.n());
			assertThat(body.get("data").get("text").asString()).isEqualTo("héllo \"quoted\" \\ ünïcode");
			assertThat(body.get("timestamp").asString()).isNotBlank();
		}
	}

	static EmbeddedKafkaBroker broker() {
		return EmbeddedKafkaCondition.getBroker();
	}

	/** One subscription of the test, and the event types it must receive. */
	record Sub(String tenant, String name, List<String> patterns, Set<String> receives) {
	}

	record Pipeline(HooklineStack.Settings settings, HooklineStack stack, VerifyingReceiver receiver, Api api,
			Map<String, ApiKey> producers, Map<String, String> ids, Map<String, String> secrets, Topics topics) {
	}

}
