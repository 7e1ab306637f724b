package dev.hookline.bench.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hookline.bench.chaos.RouterMain;
import dev.hookline.bench.receiver.ChildMain;
import dev.hookline.bench.receiver.ChildProcess;
import dev.hookline.bench.scenario.BenchEnvironment;
import dev.hookline.bench.scenario.WorkerMain;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;

/**
 * The router, the worker and the ingest service each in a JVM of its own, as a deployment
 * runs them (with the JVM options of {@code docker-compose.yml}), against a broker the
 * caller runs: the producer's path measured without the embedded mode's one heap and one
 * JIT.
 */
final class SeparateServices implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private final List<ChildProcess> started;

	private final String apiUrl;

	private SeparateServices(List<ChildProcess> started, String apiUrl) {
		this.started = started;
		this.apiUrl = apiUrl;
	}

	/**
	 * Starts the three one after the other (the first creates the keyset the others
	 * read); on a failure, stops what started and rethrows.
	 * @param settings as for the embedded mode; its ingest port is chosen here when 0
	 */
	static SeparateServices start(HooklineStack.Settings settings) {
		int port = (settings.ingestPort() != 0) ? settings.ingestPort() : LocalKafka.freePort();
		HooklineStack.Settings chosen = new HooklineStack.Settings(settings.bootstrapServers(), settings.keysetFile(),
				port, settings.routerStateDir(), settings.localMode(), settings.keys(), false, settings.extra());
		List<ChildProcess> started = new ArrayList<>();
		try {
			started.add(child("router", RouterMain.class.getName(), HooklineStack.routerProperties(chosen)));
			started.add(child("worker", WorkerMain.class.getName(), HooklineStack.workerProperties(chosen)));
			started.add(child("ingest", IngestMain.class.getName(), HooklineStack.ingestProperties(chosen)));
			return new SeparateServices(started, "http://127.0.0.1:" + port);
		}
		catch (RuntimeException ex) {
			new SeparateServices(started, "").close();
			throw ex;
		}
	}

	String apiUrl() {
		return this.apiUrl;
	}

	private static ChildProcess child(String name, String mainClass, Map<String, Object> properties) {
		List<String> arguments = properties.entrySet()
			.stream()
			.map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
			.toList();
		// the JVM options and environment docker-compose.yml gives each service, as the
		// bench gives its worker
		return ChildProcess.start(name, BenchEnvironment.WORKER_JVM, BenchEnvironment.WORKER_ENVIRONMENT, mainClass,
				arguments, ChildMain.READY::equals, START_TIMEOUT);
	}

	/** Stops the services in the reverse order, each cleanly (the end of its stdin). */
	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
	}

}
