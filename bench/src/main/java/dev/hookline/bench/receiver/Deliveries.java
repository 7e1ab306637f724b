package dev.hookline.bench.receiver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers the webhook POSTs: applies the behaviour of the request's path prefix and
 * counts the outcome. Delays are timers ({@code Mono.delay}), never a sleeping thread, so
 * ten thousand slow answers cost ten thousand timers and no threads.
 */
final class Deliveries {

	private static final byte[] EMPTY = new byte[0];

	private static final byte[] ANSWER = "{\"received\":true}".getBytes(StandardCharsets.US_ASCII);

	private static final List<String> SIGNATURE_HEADERS = List.of("webhook-id", "webhook-timestamp",
			"webhook-signature");

	private final Supplier<ReceiverConfig> config;

	private final Supplier<ReceiverStats> stats;

	Deliveries(Supplier<ReceiverConfig> config, Supplier<ReceiverStats> stats) {
		this.config = config;
		this.stats = stats;
	}

	Mono<Void> handle(String path, HttpServerRequest request, HttpServerResponse response) {
		ReceiverConfig.Match match = this.config.get().match(path);
		ReceiverStats stats = this.stats.get();
		return request.receive()
			.aggregate()
			.asByteArray()
			.defaultIfEmpty(EMPTY)
			.flatMap((body) -> respond(match, stats, body, request, response));
	}

	private Mono<Void> respond(ReceiverConfig.Match match, ReceiverStats stats, byte[] body, HttpServerRequest request,
			HttpServerResponse response) {
		long arrival = epochMicros();
		PathStats path = stats.path(match.prefix());
		@Nullable String id = request.requestHeaders().get("webhook-id");
		long idKey = (id != null) ? WebhookIdLedger.key(id) : 0;
		int attemptsBefore = stats.arrived(path, idKey);
		PathBehaviour behaviour = match.behaviour();
		if (behaviour.verifier() != null && !behaviour.signatureValid(body, signatureHeaders(request))) {
			stats.signatureFailed(path);
			return answer(response, 401, () -> stats.answered(path, 401, idKey, arrival, -1));
		}
		Decision decision = behaviour.decide(idKey, attemptsBefore, ThreadLocalRandom.current());
		return switch (decision.kind()) {
			case RESET -> {
				stats.reset(path);
				yield reset(response);
			}
			case HANG -> {
				stats.hung(path);
				yield Mono.never();
			}
			case ANSWER -> delayed(decision, response, stats, path, idKey, arrival, T0.micros(body));
		};
	}

	private static Mono<Void> delayed(Decision decision, HttpServerResponse response, ReceiverStats stats,
			PathStats path, long idKey, long arrival, long t0) {
		int status = decision.status();
		Mono<Void> answer = Mono
			.defer(() -> answer(response, status, () -> stats.answered(path, status, idKey, arrival, t0)));
		return (decision.delayMicros() > 0) ? Mono.delay(Duration.ofNanos(decision.delayMicros() * 1000)).then(answer)
				: answer;
	}

	private static Mono<Void> answer(HttpServerResponse response, int status, Runnable count) {
		// counted when answered, so a duplicate is a 2xx after an earlier 2xx was sent
		count.run();
		return response.status(status)
			.header("content-type", "application/json")
			.sendByteArray(Mono.just(ANSWER))
			.then();
	}

	private static Mono<Void> reset(HttpServerResponse response) {
		return response.withConnection((connection) -> {
			// linger 0 makes close() send an RST instead of a FIN
			connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
			connection.channel().close();
		}).then();
	}

	private static Map<String, List<String>> signatureHeaders(HttpServerRequest request) {
		Map<String, List<String>> headers = new HashMap<>();
		for (String name : SIGNATURE_HEADERS) {
			List<String> values = request.requestHeaders().getAll(name);
			if (!values.isEmpty()) {
				headers.put(name, values);
			}
		}
		return headers;
	}

	static long epochMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
	}

}
