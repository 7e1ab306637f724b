package dev.hookline.bench.receiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a {@link BenchReceiver} in a JVM of its own and talks to its control endpoints.
 *
 * <p>
 * The child ({@link ChildProcess}) uses the same java binary and classpath as this JVM
 * (also when this JVM runs from the bench's executable jar) and a modest heap; it exits
 * when this JVM does, even killed, because it watches its stdin. Its output is copied to
 * this JVM's stderr. A child that does not print {@code READY <port>} within a minute is
 * destroyed and {@link #start()} fails with what it printed. A control call answered with
 * an error status throws {@link IllegalStateException} with the receiver's answer.
 */
public final class ReceiverProcess implements AutoCloseable {

	/**
	 * The heap of the receiver: its state is counters, histograms and ~15 bytes per id.
	 */
	public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

	private static final Pattern READY = Pattern.compile("READY \\d{1,5}");

	private final ChildProcess process;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ReceiverProcess(ChildProcess process) {
		this.process = process;
		this.port = Integer.parseInt(process.readyLine().substring("READY ".length()));
	}

	/** Starts a receiver on a free port with the default heap and event loops. */
	public static ReceiverProcess start() {
		return start(DEFAULT_JVM_OPTIONS, List.of());
	}

	/**
	 * Starts a receiver on a free port.
	 * @param jvmOptions options of the child JVM, e.g. {@code -Xmx512m}
	 * @param receiverArguments extra {@link BenchReceiver} arguments, e.g.
	 * {@code --loops 8}
	 */
	public static ReceiverProcess start(List<String> jvmOptions, List<String> receiverArguments) {
		List<String> arguments = new ArrayList<>(List.of("--exit-on-stdin-eof"));
		arguments.addAll(receiverArguments);
		return new ReceiverProcess(ChildProcess.start("bench-receiver", jvmOptions, Map.of(),
				BenchReceiver.class.getName(), arguments, (line) -> READY.matcher(line).matches(), START_TIMEOUT));
	}

	public int port() {
		return this.port;
	}

	/** The absolute URL of a path on the receiver, e.g. {@code url("/fast/s1")}. */
	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Replaces the receiver's configuration ({@code PUT /_config}). */
	public void configure(String json) {
		send(HttpRequest.newBuilder(URI.create(url("/_config")))
			.header("content-type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * What the receiver counted since it started or was last reset ({@code GET /_stats}).
	 */
	public JsonNode stats() {
		return JsonMapper.shared().readTree(send(HttpRequest.newBuilder(URI.create(url("/_stats"))).GET()));
	}

	/** Clears the counters and the headroom window; keeps the configuration. */
	public void reset() {
		send(HttpRequest.newBuilder(URI.create(url("/_reset"))).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"the bench receiver answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot reach the bench receiver on port " + this.port, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while talking to the bench receiver", ex);
		}
	}

	/** Stops the receiver's JVM and waits for it to exit. */
	@Override
	public void close() {
		this.process.close();
	}

}
