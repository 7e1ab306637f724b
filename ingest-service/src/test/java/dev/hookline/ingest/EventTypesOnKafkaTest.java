package dev.hookline.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hookline.ingest.subscriptions.KnownEventTypes;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-type catalogue on a real broker: its admin API (read-your-writes, paging,
 * tenant isolation, refusals) and the checks of published events, with two instances on
 * one cluster: {@code lenient} with the defaults (no catalogue checks) and {@code strict}
 * with {@code reject-unknown} and {@code validate-data} on.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class EventTypesOnKafkaTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final String PAYMENT_SCHEMA = """
			{"type":"object","properties":{"amount":{"type":"number"},"currency":{"type":"string","minLength":3}},
			 "required":["amount"]}""";

	private static RunningIngest lenient;

	private static RunningIngest strict;

	private static String bootstrapServers;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		bootstrapServers = broker.getBrokersAsString();
		Path keyset = dir.resolve("keyset.json");
		lenient = RunningIngest.start(bootstrapServers, keyset);
		strict = RunningIngest.start(bootstrapServers, keyset, "hookline.ingest.event-types.reject-unknown=true",
				"hookline.ingest.event-types.validate-data=true");
	}

	@AfterAll
	static void stop() {
		strict.close();
		lenient.close();
	}

	@Test
	void aPutTypeIsCreatedThenReplacedWithAHigherVersion() {
		WebTestClient admin = lenient.client(TestKeys.ACME_ADMIN);
		Map<String, Object> created = put(admin, "invoice.paid", """
				{"module":"billing","description":"An invoice was paid","schema":%s}""".formatted(PAYMENT_SCHEMA))
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "/v1/event-types/invoice.paid")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(created).containsEntry("name", "invoice.paid")
			.containsEntry("module", "billing")
			.containsEntry("description", "An invoice was paid")
			.containsEntry("deprecated", false)
			.containsEntry("version", 1)
			.containsEntry("updatedAt", created.get("createdAt"));
		assertThat(created.get("schema")).isEqualTo(Map.of("type", "object", "properties",
				Map.of("amount", Map.of("type", "number"), "currency", Map.of("type", "string", "minLength", 3)),
				"required", List.of("amount")));
		assertThat(get(admin, "invoice.paid")).isEqualTo(created);

		Map<String, Object> replaced = put(admin, "invoice.paid", """
				{"module":"billing","deprecated":true}""").expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(replaced).containsEntry("version", 2)
			.containsEntry("deprecated", true)
			.containsEntry("description", null)
			.containsEntry("schema", null)
			.containsEntry("createdAt", created.get("createdAt"));
		assertThat(get(admin, "invoice.paid")).isEqualTo(replaced);
	}

	@Test
	void aDeletedTypeIsGoneAtOnce() {
		WebTestClient admin = lenient.client(TestKeys.ACME_ADMIN);
		put(admin, "invoice.voided", "{}").expectStatus().isCreated();
		admin.delete().uri("/v1/event-types/invoice.voided").exchange().expectStatus().isNoContent();
		notFound(admin.get().uri("/v1/event-types/invoice.voided").exchange());
		notFound(admin.delete().uri("/v1/event-types/invoice.voided").exchange());
	}

	@Test
	void theListIsSortedByNamePagedAndFilteredByModuleAndDeprecation() {
		WebTestClient admin = lenient.client(TestKeys.INITECH_ADMIN);
		put(admin, "user.signed-up", """
				{"module":"accounts"}""").expectStatus().isCreated();
		put(admin, "report.filed", """
				{"module":"tps"}""").expectStatus().isCreated();
		put(admin, "account.closed", """
				{"module":"accounts"}""").expectStatus().isCreated();
		put(admin, "cover.sheet-missed", """
				{"module":"tps","deprecated":true}""").expectStatus().isCreated();

		admin.get()
			.uri("/v1/event-types?limit=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].name")
			.isEqualTo(List.of("account.closed", "report.filed"))
			.jsonPath("$.next")
			.isEqualTo("report.filed");
		admin.get()
			.uri("/v1/event-types?limit=2&after=report.filed")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].name")
			.isEqualTo(List.of("user.signed-up"))
			.jsonPath("$.next")
			.isEmpty();
		admin.get()
			.uri("/v1/event-types?module=tps&includeDeprecated=true")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].name")
			.isEqualTo(List.of("cover.sheet-missed", "report.filed"));
		admin.get()
			.uri("/v1/event-types?module=accounts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[*].name")
			.isEqualTo(List.of("account.closed", "user.signed-up"));
		expectProblem(admin.get().uri("/v1/event-types?limit=0").exchange(), 400, "invalid-parameter");
		expectProblem(admin.get().uri("/v1/event-types?includeDeprecated=maybe").exchange(), 400, "invalid-parameter");
	}

	@Test
	void anotherTenantCannotReadReplaceOrDeleteATenantsType() {
		WebTestClient owner = lenient.client(TestKeys.ACME_ADMIN);
		Map<String, Object> original = put(owner, "shipment.sent", """
				{"module":"logistics","description":"mine"}""").expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		WebTestClient intruder = lenient.client(TestKeys.GLOBEX_ADMIN);
		notFound(intruder.get().uri("/v1/event-types/shipment.sent").exchange());
		notFound(intruder.delete().uri("/v1/event-types/shipment.sent").exchange());
		intruder.get()
			.uri("/v1/event-types?includeDeprecated=true")
			.exchange()
			.expectBody()
			.jsonPath("$.data[?(@.name == 'shipment.sent')]")
			.isEmpty();
		// a put of the same name makes the intruder's own entry, not a new version of
		// the owner's
		put(intruder, "shipment.sent", """
				{"description":"theirs"}""").expectStatus().isCreated().expectBody().jsonPath("$.version").isEqualTo(1);

		assertThat(get(owner, "shipment.sent")).isEqualTo(original);
	}

	@Test
	void malformedBodiesAre400AndInvalidValues422NamingTheField() {
		WebTestClient admin = lenient.client(TestKeys.ACME_ADMIN);
		expectProblem(put(admin, "order.created", """
				{"module":"shop","owner":"me"}"""), 400, "invalid-event-type").jsonPath("$.field").isEqualTo("owner");
		expectProblem(put(admin, "order.created", """
				{"schema":"string"}"""), 400, "invalid-event-type").jsonPath("$.field").isEqualTo("schema");
		expectProblem(put(admin, "Order", "{}"), 422, "invalid-event-type").jsonPath("$.field").isEqualTo("name");
		expectProblem(put(admin, "hookline.subscription.disabled", "{}"), 422, "invalid-event-type")
			.jsonPath("$.detail")
			.value(String.class, detail -> assertThat(detail).contains("reserved"));
		expectProblem(put(admin, "order.created", """
				{"description":"%s"}""".formatted("x".repeat(1001))), 422, "invalid-event-type").jsonPath("$.field")
			.isEqualTo("description");
		expectProblem(put(admin, "order.created", """
				{"schema":{"type":"objekt"}}"""), 422, "invalid-event-type").jsonPath("$.field")
			.isEqualTo("schema")
			.jsonPath("$.detail")
			.value(String.class, detail -> assertThat(detail)
				.startsWith("'schema' is not a valid JSON Schema: /type: does not have a value in the enumeration"));
		expectProblem(put(admin, "order.created", """
				{"schema":{"$ref":"https://example.com/order.json"}}"""), 422, "invalid-event-type").jsonPath("$.field")
			.isEqualTo("schema");
		String huge = "{\"description\":\"" + "x".repeat(65 * 1024) + "\"}";
		expectProblem(put(admin, "order.created", """
				{"schema":%s}""".formatted(huge)), 422, "invalid-event-type").jsonPath("$.field").isEqualTo("schema");
		notFound(admin.get().uri("/v1/event-types/order.created").exchange());
	}

	@Test
	void aTypeIsKnownToSubscriptionsAsSoonAsItsPutIsAnswered() {
		KnownEventTypes known = lenient.bean(KnownEventTypes.class);
		put(lenient.client(TestKeys.ACME_ADMIN), "cart.abandoned", "{}").expectStatus().isCreated();
		assertThat(known.names("acme").block(Duration.ofSeconds(10))).contains("cart.abandoned");
		assertThat(known.names("globex").block(Duration.ofSeconds(10))).doesNotContain("cart.abandoned");
		// another instance sees it too: names() passes a read barrier
		assertThat(strict.bean(KnownEventTypes.class).names("acme").block(Duration.ofSeconds(10)))
			.contains("cart.abandoned");
	}

	@Test
	void withTheDefaultsEventsOfAnyTypeAndDataArePublished() {
		put(lenient.client(TestKeys.ACME_ADMIN), "refund.issued", """
				{"schema":%s}""".formatted(PAYMENT_SCHEMA)).expectStatus().isCreated();
		WebTestClient producer = lenient.client(TestKeys.ACME_PRODUCER);
		publish(producer, """
				[{"type":"never.catalogued","data":{}},{"type":"refund.issued","data":{"amount":"ten"}}]""")
			.expectStatus()
			.isAccepted();
	}

	@Test
	void hooklineTypesAreRefusedWhateverTheSettings() {
		for (RunningIngest ingest : List.of(lenient, strict)) {
			expectProblem(publish(ingest.client(TestKeys.ACME_PRODUCER), """
					[{"type":"order.created","data":{}},{"type":"hookline.subscription.disabled","data":{}}]"""), 422,
					"unprocessable-event")
				.jsonPath("$.field")
				.isEqualTo("type")
				.jsonPath("$.index")
				.isEqualTo(1);
		}
	}

	@Test
	void aStrictInstanceRefusesAWholeBatchWithAnUnknownType() {
		WebTestClient admin = strict.client(TestKeys.ACME_ADMIN);
		put(admin, "parcel.packed", "{}").expectStatus().isCreated();
		put(admin, "parcel.weighed", "{\"deprecated\":true}").expectStatus().isCreated();
		expectProblem(publish(strict.client(TestKeys.ACME_PRODUCER), """
				[{"type":"parcel.packed","data":1,"id":"strict-batch-0"},
				 {"type":"parcel.weighed","data":2,"id":"strict-batch-1"},
				 {"type":"parcel.lost","data":3,"id":"strict-batch-2"}]"""), 422, "unprocessable-event")
			.jsonPath("$.field")
			.isEqualTo("type")
			.jsonPath("$.index")
			.isEqualTo(2)
			.jsonPath("$.errors.length()")
			.isEqualTo(1);
		assertThat(eventIds()).noneMatch(id -> id.startsWith("strict-batch-"));

		publish(strict.client(TestKeys.ACME_PRODUCER), """
				[{"type":"parcel.packed","data":1,"id":"strict-ok-0"},
				 {"type":"parcel.weighed","data":2,"id":"strict-ok-1"}]""").expectStatus().isAccepted();
		assertThat(eventIds()).contains("strict-ok-0", "strict-ok-1");
	}

	@Test
	void aStrictInstanceAcceptsATypeThatAnotherInstanceJustCatalogued() {
		put(lenient.client(TestKeys.ACME_ADMIN), "crate.opened", "{}").expectStatus().isCreated();
		publish(strict.client(TestKeys.ACME_PRODUCER), """
				{"type":"crate.opened","data":null}""").expectStatus().isAccepted();
	}

	@Test
	void aStrictInstanceRefusesDataThatFailsTheTypesCurrentSchema() {
		WebTestClient admin = strict.client(TestKeys.ACME_ADMIN);
		WebTestClient producer = strict.client(TestKeys.ACME_PRODUCER);
		put(admin, "charge.captured", """
				{"schema":%s}""".formatted(PAYMENT_SCHEMA)).expectStatus().isCreated();
		publish(producer, """
				{"type":"charge.captured","data":{"amount":12.50,"currency":"EUR"}}""").expectStatus().isAccepted();
		expectProblem(publish(producer, """
				{"type":"charge.captured","data":{"amount":"12","currency":"E"}}"""), 422, "unprocessable-event")
			.jsonPath("$.field")
			.isEqualTo("data/amount")
			.jsonPath("$.detail")
			.isEqualTo("'data/amount' string found, number expected (and 1 more)")
			.jsonPath("$.errors[1].field")
			.isEqualTo("data/currency")
			.jsonPath("$.errors[1].detail")
			.isEqualTo("must be at least 3 characters long");
		expectProblem(publish(producer, """
				{"type":"charge.captured","data":[]}"""), 422, "unprocessable-event").jsonPath("$.field")
			.isEqualTo("data");

		// a new version of the schema applies to the next event
		put(admin, "charge.captured", """
				{"schema":{"type":"object","required":["reference"]}}""").expectStatus().isOk();
		publish(producer, """
				{"type":"charge.captured","data":{"amount":"12","currency":"E","reference":"r-1"}}""").expectStatus()
			.isAccepted();
		expectProblem(publish(producer, """
				{"type":"charge.captured","data":{"amount":12}}"""), 422, "unprocessable-event").jsonPath("$.field")
			.isEqualTo("data");
	}

	private static WebTestClient.ResponseSpec put(WebTestClient admin, String name, String body) {
		return admin.put()
			.uri("/v1/event-types/{name}", name)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Map<String, Object> get(WebTestClient admin, String name) {
		return admin.get()
			.uri("/v1/event-types/{name}", name)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static WebTestClient.ResponseSpec publish(WebTestClient producer, String body) {
		return producer.post().uri("/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static Set<String> eventIds() {
		return TopicRecords.readAll(bootstrapServers, Topics.withDefaultPrefix().events())
			.stream()
			.map(ConsumerRecord::value)
			.map(Event::getId)
			.collect(java.util.stream.Collectors.toSet());
	}

	private static void notFound(WebTestClient.ResponseSpec response) {
		expectProblem(response, 404, "event-type-not-found");
	}

}
