package dev.hookline.launcher;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.VerifyingReceiver;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event's trace, from the producer's {@code traceparent} to the endpoint: the receiver
 * gets the producer's trace id, and the spans the three services export (kept in memory
 * by {@link CapturedSpans}) form one chain: the producer's span, then ingest's, the
 * router's, and one span per attempt, the retry's included, each the child of the one
 * before, the attempts of the router's.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class TracingEndToEndTest {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PRODUCER_SPAN = "00f067aa0ba902b7";

	@TempDir
	Path dir;

	@Test
	void theProducersTraceReachesTheEndpointThroughASpanPerHop() throws Exception {
		ApiKey producer = ApiKey.producer("acme", ApiKey.generate("p_"));
		ApiKey admin = ApiKey.admin("acme", ApiKey.generate("a_"));
		EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
		try (VerifyingReceiver receiver = VerifyingReceiver.start();
				HooklineStack stack = HooklineStack
					.start(new HooklineStack.Settings(broker.getBrokersAsString(), this.dir.resolve("keyset.json"), 0,
							this.dir.resolve("router"), true, List.of(producer, admin), true,
							Map.of("spring.main.sources", CapturedSpans.class.getName(),
									"management.tracing.sampling.probability", "1.0", "hookline.kafka.partitions", "2",
									"hookline.worker.retry.delays", "1s,2s,3s,4s,5s")))) {
			Api api = new Api(stack.apiUrl());
			JsonNode subscription = api.subscribe(admin, receiver.url("/traced"), "order.*");
			// one failure first: the retry's attempt continues the trace too
			receiver.secrets("/traced", subscription.get("secret").asString())
				.behave("/traced", Behaviour.ok().failingFirst(1, 500));

			HttpResponse<String> published = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(api.post("/v1/events", producer, "{\"type\":\"order.created\",\"data\":{\"n\":1}}"),
							(name, value) -> true)
					.header("traceparent", "00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-01")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(published.statusCode()).as(published.body()).isEqualTo(202);

			await().atMost(Duration.ofMinutes(1)).until(() -> receiver.received("/traced").size() == 2);
			List<String> sent = receiver.received("/traced")
				.stream()
				.map((request) -> request.header("traceparent"))
				.toList();
			assertThat(sent).allSatisfy((traceparent) -> assertThat(traceparent).startsWith("00-" + TRACE_ID + "-"));

			// each service exports on its own schedule (every 5 s): wait for all four
			// spans
			List<SpanData> spans = await().atMost(Duration.ofSeconds(30))
				.until(this::ours, (found) -> found.stream()
					.map(SpanData::getName)
					.sorted()
					.toList()
					.equals(List.of("hookline.attempt", "hookline.attempt", "hookline.ingest", "hookline.route")));
			SpanData ingest = only(spans, "hookline.ingest");
			SpanData route = only(spans, "hookline.route");
			List<SpanData> attempts = spans.stream()
				.filter((span) -> span.getName().equals("hookline.attempt"))
				.toList();
			assertThat(ingest.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
			assertThat(route.getParentSpanId()).isEqualTo(ingest.getSpanId());
			assertThat(attempts)
				.allSatisfy((attempt) -> assertThat(attempt.getParentSpanId()).isEqualTo(route.getSpanId()));
			// the endpoint got each attempt's own context
			assertThat(sent).containsExactlyInAnyOrderElementsOf(
					attempts.stream().map((attempt) -> "00-" + TRACE_ID + "-" + attempt.getSpanId() + "-01").toList());
			assertThat(attempts).extracting((attempt) -> attempt.getAttributes().asMap().toString())
				.anySatisfy((attributes) -> assertThat(attributes).contains("http.response.status_code=500"))
				.anySatisfy((attributes) -> assertThat(attributes).contains("http.response.status_code=200"));
		}
	}

	private List<SpanData> ours() {
		return CapturedSpans.EXPORTED.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(TRACE_ID) && span.getName().startsWith("hookline."))
			.toList();
	}

	private static SpanData only(List<SpanData> spans, String name) {
		List<SpanData> named = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(named).as(name).hasSize(1);
		return named.get(0);
	}

}
