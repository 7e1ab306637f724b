package dev.hookline.ingest.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.hookline.ingest.TestKeys;
import dev.hookline.ingest.auth.AuthConfiguration;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/events} without Kafka: what is accepted, what is refused and how, with
 * small limits (2 KB bodies, depth 5, batches of 3).
 */
@WebFluxTest(controllers = EventController.class)
@Import({ AuthConfiguration.class, JsonBodyReader.class, EventParser.class, RecordingPublisher.class })
class EventApiTest {

	private static final String EVENT = """
			{"type":"order.created","data":{"total":1.10,"items":[1,2]},"key":"order-7"}""";

	@Autowired
	private WebTestClient client;

	@Autowired
	private RecordingPublisher publisher;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		for (String property : TestKeys.properties()) {
			String[] nameAndValue = property.split("=", 2);
			registry.add(nameAndValue[0], () -> nameAndValue[1]);
		}
		registry.add("hookline.ingest.max-body-size", () -> "2KB");
		registry.add("hookline.ingest.max-json-depth", () -> "5");
		registry.add("hookline.ingest.max-batch", () -> "3");
	}

	@BeforeEach
	void reset() {
		this.publisher.reset();
	}

	@Test
	void anEventIsPublishedForTheKeysTenantAndAnsweredWithItsId() {
		byte[] answer = post(EVENT).expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
		assertThat(this.publisher.published).hasSize(1);
		Event event = this.publisher.published.get(0);
		assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("{\"ids\":[\"" + event.getId() + "\"]}");
		assertThat(event.getId()).startsWith("evt_").hasSize(36);
		assertThat(event.getTenant()).isEqualTo("acme");
		assertThat(event.getType()).isEqualTo("order.created");
		assertThat(event.getData()).isEqualTo("{\"total\":1.10,\"items\":[1,2]}");
		assertThat(event.getOrderingKey()).isEqualTo("order-7");
		assertThat(event.getOccurredAt()).isBefore(Instant.now().plusSeconds(1));
	}

	@Test
	void aBatchIsAnsweredWithOneIdPerEventInRequestOrder() {
		post("""
				[{"type":"order.created","data":1,"id":"ord_1:created"},
				 {"type":"order.paid","data":null,"occurredAt":"2025-01-31T12:00:00+01:00"}]""").expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.ids[0]")
			.isEqualTo("ord_1:created")
			.jsonPath("$.ids[1]")
			.value(String.class, id -> assertThat(id).startsWith("evt_"));
		assertThat(this.publisher.published).extracting(Event::getType).containsExactly("order.created", "order.paid");
		assertThat(this.publisher.published.get(1).getData()).isEqualTo("null");
		assertThat(this.publisher.published.get(1).getOccurredAt()).isEqualTo("2025-01-31T11:00:00Z");
	}

	@Test
	void aRetriedRequestWithTheSameIdempotencyKeyGetsTheSameIds() {
		String body = "[" + EVENT + "," + EVENT + "]";
		byte[] first = post(body, "retry-1").expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
		byte[] retried = post(body, "retry-1").expectStatus()
			.isAccepted()
			.expectBody()
			.returnResult()
			.getResponseBody();
		byte[] other = post(body, "retry-2").expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
		assertThat(new String(retried, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));
		assertThat(new String(other, StandardCharsets.UTF_8)).isNotEqualTo(new String(first, StandardCharsets.UTF_8));
		assertThat(this.publisher.published.get(0).getId()).isNotEqualTo(this.publisher.published.get(1).getId());
	}

	@Test
	void anUnknownFieldIsRefusedByName() {
		refused(post("""
				{"type":"order.created","data":{},"colour":"red"}"""), HttpStatus.BAD_REQUEST, "invalid-event")
			.jsonPath("$.field")
			.isEqualTo("colour")
			.jsonPath("$.detail")
			.value(String.class, detail -> assertThat(detail).contains("'colour'"));
	}

	@Test
	void aMalformedTypeIsRefusedWithItsFieldAndIndexInTheBatch() {
		refused(post("[" + EVENT + """
				,{"type":"Order Created","data":{}}]"""), HttpStatus.BAD_REQUEST, "invalid-event").jsonPath("$.field")
			.isEqualTo("type")
			.jsonPath("$.index")
			.isEqualTo(1)
			.jsonPath("$.errors.length()")
			.isEqualTo(1);
	}

	@Test
	void everyProblemOfABatchIsListed() {
		refused(post("""
				[{"type":"single","data":{}},{"data":{},"id":"has space"},"not an event"]"""), HttpStatus.BAD_REQUEST,
				"invalid-event")
			.jsonPath("$.errors[*].field")
			.value(fields -> assertThat(fields.toString()).contains("type", "id"))
			.jsonPath("$.errors[*].index")
			.value(indexes -> assertThat(indexes.toString()).contains("0", "1", "2"));
	}

	@Test
	void anIdRepeatedWithinABatchIsRefused() {
		refused(post("""
				[{"type":"order.created","data":1,"id":"ord_1"},{"type":"order.paid","data":2,"id":"ord_1"}]"""),
				HttpStatus.BAD_REQUEST, "invalid-event")
			.jsonPath("$.field")
			.isEqualTo("id")
			.jsonPath("$.index")
			.isEqualTo(1);
	}

	@Test
	void anEventWithoutDataIsRefused() {
		refused(post("""
				{"type":"order.created"}"""), HttpStatus.BAD_REQUEST, "invalid-event").jsonPath("$.field")
			.isEqualTo("data");
	}

	@Test
	void aBadTimestampIsRefused() {
		refused(post("""
				{"type":"order.created","data":{},"occurredAt":"yesterday"}"""), HttpStatus.BAD_REQUEST,
				"invalid-event")
			.jsonPath("$.field")
			.isEqualTo("occurredAt");
	}

	@Test
	void aBodyDeclaredLargerThanTheLimitIsRefusedWith413() {
		refused(post(eventWithDataOf(3000)), HttpStatus.CONTENT_TOO_LARGE, "body-too-large");
	}

	@Test
	void aChunkedBodyGrowingPastTheLimitIsRefusedWith413() {
		Flux<DataBuffer> chunks = Flux.range(0, 10)
			.map(i -> DefaultDataBufferFactory.sharedInstance.wrap(" ".repeat(300).getBytes(StandardCharsets.UTF_8)));
		refused(this.client.post()
			.uri("/v1/events")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.ACME_PRODUCER)
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "body-too-large");
	}

	@Test
	void jsonNestedDeeperThanTheLimitIsRefused() {
		refused(post("""
				{"type":"order.created","data":{"a":{"b":{"c":{"d":{}}}}}}"""), HttpStatus.BAD_REQUEST,
				"json-too-deep");
	}

	@Test
	void brokenJsonIsRefused() {
		refused(post("{\"type\":\"order.created\",\"data\":"), HttpStatus.BAD_REQUEST, "malformed-json");
		refused(post(EVENT + " {}"), HttpStatus.BAD_REQUEST, "malformed-json");
		refused(post("{\"type\":\"a.b\",\"type\":\"a.c\",\"data\":1}"), HttpStatus.BAD_REQUEST, "malformed-json");
	}

	@Test
	void anEmptyBodyOrBatchIsRefused() {
		refused(post(""), HttpStatus.BAD_REQUEST, "empty-body");
		refused(post("[]"), HttpStatus.BAD_REQUEST, "invalid-batch");
		refused(post("\"order.created\""), HttpStatus.BAD_REQUEST, "invalid-event");
	}

	@Test
	void aBatchOverTheLimitIsRefused() {
		refused(post("[" + String.join(",", EVENT, EVENT, EVENT, EVENT) + "]"), HttpStatus.BAD_REQUEST,
				"invalid-batch");
	}

	@Test
	void aMalformedIdempotencyKeyIsRefused() {
		refused(post(EVENT, "has spaces"), HttpStatus.BAD_REQUEST, "invalid-header").jsonPath("$.field")
			.isEqualTo("Idempotency-Key");
	}

	@Test
	void aBodyThatIsNotJsonIsRefusedWith415() {
		refused(this.client.post()
			.uri("/v1/events")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.ACME_PRODUCER)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(EVENT)
			.exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, null);
	}

	@Test
	void aWrongMethodIsRefusedWith405NamingTheAllowedOne() {
		refused(this.client.get()
			.uri("/v1/events")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.ACME_PRODUCER)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "POST"), HttpStatus.METHOD_NOT_ALLOWED, null);
	}

	@Test
	void anUnknownRouteIsAProblem404() {
		refused(this.client.get().uri("/nothing/here").exchange(), HttpStatus.NOT_FOUND, null);
	}

	@Test
	void aKafkaOutageIsAnswered503AndInvitesARetry() {
		this.publisher.failWith(new KafkaUnavailableException("no broker", new RuntimeException("down")));
		refused(post(EVENT).expectHeader().exists(HttpHeaders.RETRY_AFTER), HttpStatus.SERVICE_UNAVAILABLE,
				"kafka-unavailable");
	}

	@Test
	void anUnexpectedFailureIsAnswered500WithoutItsInternals() {
		this.publisher.failWith(new IllegalStateException("internal detail 42"));
		refused(post(EVENT), HttpStatus.INTERNAL_SERVER_ERROR, null).jsonPath("$.detail")
			.value(String.class, detail -> assertThat(detail).doesNotContain("internal detail 42"));
	}

	private WebTestClient.ResponseSpec post(String body) {
		return post(body, null);
	}

	private WebTestClient.ResponseSpec post(String body, String idempotencyKey) {
		return this.client.post()
			.uri("/v1/events")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.ACME_PRODUCER)
			.headers(headers -> {
				if (idempotencyKey != null) {
					headers.set(EventController.IDEMPOTENCY_KEY, idempotencyKey);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** Checks the answer is a problem document; a null slug means about:blank. */
	private WebTestClient.BodyContentSpec refused(WebTestClient.ResponseSpec response, HttpStatus status, String slug) {
		WebTestClient.BodyContentSpec body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.type")
			.isEqualTo((slug != null) ? "https://hookline.dev/problems/" + slug : "about:blank")
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.detail")
			.isNotEmpty();
		assertThat(this.publisher.published).isEmpty();
		return body;
	}

	private static String eventWithDataOf(int characters) {
		return "{\"type\":\"order.created\",\"data\":\"" + "x".repeat(characters) + "\"}";
	}

}
