package dev.hookline.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real webhook endpoint on a free loopback port that answers every request with the
 * status it is set to, after a delay, and counts what it got: every request, and for each
 * request since the last change of answer, how many requests it had in flight when that
 * one arrived (itself included).
 *
 * <p>
 * A request stops being in flight just before its answer is written, so the worker can
 * never have seen the answer while it is still counted: the counts never exceed what the
 * worker had in flight.
 */
final class TrackingEndpoint implements AutoCloseable {

	private final DisposableServer server;

	private volatile Answer answer = new Answer(200, Duration.ZERO);

	private int requests;

	private int inFlight;

	private final List<Integer> concurrency = new ArrayList<>();

	TrackingEndpoint() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	/** Answers every request from now on with this status, after this delay. */
	synchronized void answer(int status, Duration delay) {
		this.answer = new Answer(status, delay);
		this.concurrency.clear();
	}

	/** Requests received so far. */
	synchronized int requests() {
		return this.requests;
	}

	/**
	 * For each request received since the last {@link #answer}, in arrival order, the
	 * requests in flight when it arrived.
	 */
	synchronized List<Integer> concurrency() {
		return List.copyOf(this.concurrency);
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			Answer now = arrived();
			return Mono.delay(now.delay()).then(Mono.defer(() -> {
				left();
				return response.status(now.status()).sendString(Mono.just("{}")).then();
			}));
		});
	}

	private synchronized Answer arrived() {
		this.requests++;
		this.concurrency.add(++this.inFlight);
		return this.answer;
	}

	private synchronized void left() {
		this.inFlight--;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private record Answer(int status, Duration delay) {
	}

}
