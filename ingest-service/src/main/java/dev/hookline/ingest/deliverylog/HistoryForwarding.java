package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.hookline.ingest.http.ApiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Puts the history's answers together across ingest instances ({@link HistoryView}), and
 * runs this instance's part off the event loop, on a few threads of its own, so that a
 * long history query never holds up event publishing.
 *
 * <p>
 * A forwarded request is the caller's own request, with its key, sent on to another
 * instance, which checks the key again; it carries {@value #FORWARDED}, and an instance
 * answers such a request from its own stores only, so a request is forwarded at most
 * once. Three ways to answer:
 * <ul>
 * <li>{@link #bySubscription}: a subscription lives in one partition, so the instance
 * that holds it answers;</li>
 * <li>{@link #firstFound}: a delivery id does not say its subscription, so the instances
 * are asked in turn (all at once), and the first that holds it answers;</li>
 * <li>{@link #gather}: an event's deliveries are spread over partitions, so every
 * instance answers its part.</li>
 * </ul>
 * An instance that does not answer within {@code hookline.ingest.kafka-timeout} makes the
 * request 503 (retry), never a wrong 404.
 */
final class HistoryForwarding implements DisposableBean {

	static final String FORWARDED = "Hookline-Forwarded";

	private static final Logger log = LoggerFactory.getLogger(HistoryForwarding.class);

	private final HistoryView view;

	private final WebClient client;

	private final Duration timeout;

	private final Scheduler scheduler;

	HistoryForwarding(HistoryView view, Duration timeout, int threads) {
		this.view = view;
		this.timeout = timeout;
		this.client = WebClient.builder().build();
		this.scheduler = Schedulers.newBoundedElastic(threads, 10_000, "history");
	}

	/** Runs a blocking read of this instance's stores on the history's threads. */
	<T> Mono<T> blocking(Callable<T> read) {
		return Mono.fromCallable(read).subscribeOn(this.scheduler);
	}

	/**
	 * Answers from here when this instance holds the subscription, else has the one that
	 * holds it answer.
	 */
	Mono<ResponseEntity<Object>> bySubscription(String subscriptionId, ServerHttpRequest request,
			Callable<Object> local) {
		String owner = forwarded(request) ? null : this.view.owner(subscriptionId);
		if (owner == null) {
			return blocking(local).map(ResponseEntity::ok);
		}
		return forward(owner, request, null);
	}

	/**
	 * A request with a body about one subscription: answered here when this instance
	 * holds it, else forwarded with its body to the one that does.
	 */
	Mono<ResponseEntity<Object>> bySubscription(String subscriptionId, ServerHttpRequest request, byte[] body,
			Supplier<Mono<ResponseEntity<Object>>> local) {
		String owner = forwarded(request) ? null : this.view.owner(subscriptionId);
		return (owner == null) ? Mono.defer(local) : forward(owner, request, body);
	}

	/**
	 * Answers from here when {@code local} finds it, else with the first other instance's
	 * answer that is not a 404; {@code notFound} when none finds it.
	 */
	Mono<ResponseEntity<Object>> firstFound(ServerHttpRequest request, Mono<Optional<ResponseEntity<Object>>> local,
			Supplier<ApiException> notFound) {
		return local.flatMap(found -> {
			if (found.isPresent()) {
				return Mono.just(found.get());
			}
			if (forwarded(request)) {
				return Mono.error(notFound.get());
			}
			AtomicBoolean silent = new AtomicBoolean();
			return Flux.fromIterable(this.view.peers())
				.flatMap(peer -> forward(peer, request, null).onErrorResume(ex -> {
					silent.set(true);
					return Mono.empty();
				}))
				.filter(answer -> answer.getStatusCode().value() != HttpStatus.NOT_FOUND.value())
				.next()
				.switchIfEmpty(Mono.error(() -> silent.get() ? HistoryView.unavailable() : notFound.get()));
		});
	}

	/**
	 * This instance's part and every other instance's, read from their 200 answers as
	 * {@code type}; a 404 is an empty part.
	 */
	<T> Mono<List<T>> gather(ServerHttpRequest request, Callable<Optional<T>> local, Class<T> type) {
		Mono<List<T>> here = blocking(local).map(part -> part.map(List::of).orElse(List.of()));
		if (forwarded(request)) {
			return here;
		}
		Flux<T> there = Flux.fromIterable(this.view.peers())
			.flatMap(peer -> forward(peer, request, null).flatMap(answer -> {
				if (answer.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return Mono.empty();
				}
				if (!answer.getStatusCode().is2xxSuccessful() || answer.getBody() == null) {
					return Mono.error(HistoryView.unavailable());
				}
				return Mono.just(HistoryJson.read((byte[]) answer.getBody(), type));
			}));
		return here.flatMap(mine -> there.collectList().map(theirs -> {
			List<T> all = new ArrayList<>(mine);
			all.addAll(theirs);
			return all;
		}));
	}

	private Mono<ResponseEntity<Object>> forward(String peer, ServerHttpRequest request, byte @Nullable [] body) {
		String query = request.getURI().getRawQuery();
		String uri = peer + request.getURI().getRawPath() + ((query != null) ? "?" + query : "");
		return this.client.method(request.getMethod()).uri(uri).headers(headers -> {
			String key = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
			if (key != null) {
				headers.set(HttpHeaders.AUTHORIZATION, key);
			}
			headers.set(FORWARDED, "1");
			if (body != null) {
				headers.setContentType(MediaType.APPLICATION_JSON);
			}
		})
			.body((body != null) ? BodyInserters.fromValue(body) : BodyInserters.empty())
			.exchangeToMono(answer -> answer.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map(bytes -> ResponseEntity.status(answer.statusCode())
					.headers(copied(answer.headers().asHttpHeaders()))
					.body((Object) bytes)))
			.timeout(this.timeout)
			.onErrorMap(ex -> !(ex instanceof ApiException), ex -> {
				log.warn("the ingest instance at {} did not answer a history query: {}", peer, ex.toString());
				return HistoryView.unavailable();
			});
	}

	private static HttpHeaders copied(HttpHeaders from) {
		HttpHeaders to = new HttpHeaders();
		for (String name : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER)) {
			@Nullable String value = from.getFirst(name);
			if (value != null) {
				to.set(name, value);
			}
		}
		return to;
	}

	/** Whether another instance sent this request on: it is answered from here only. */
	static boolean forwarded(ServerHttpRequest request) {
		return request.getHeaders().containsHeader(FORWARDED);
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
	}

}
