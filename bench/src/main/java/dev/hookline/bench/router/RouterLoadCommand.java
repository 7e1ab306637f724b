package dev.hookline.bench.router;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.hookline.launcher.LocalKafka;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

/**
 * {@link RouterLoad#main}: runs the benchmark on {@code --bootstrap-servers=…}, or on a
 * single-node broker of its own in this JVM when none is given, with the default plan or
 * {@code --small}, and optionally {@code --mixed-events=N}, {@code --big-tenant-events=N}
 * and {@code --dedup-window=DURATION} (ISO-8601, e.g. {@code PT0S} for deduplication
 * off).
 */
final class RouterLoadCommand {

	private RouterLoadCommand() {
	}

	static void run(String[] args, PrintStream out) throws IOException, InterruptedException {
		RouterLoad.Plan plan = plan(args);
		String servers = option(args, "--bootstrap-servers=");
		Path work = Files.createTempDirectory("router-load");
		try {
			if (servers != null) {
				out.println(new RouterLoad(servers, work, plan).run(out).summary());
				return;
			}
			try (LocalKafka kafka = LocalKafka.onFreePorts(work.resolve("kafka")).start()) {
				out.println(new RouterLoad(kafka.bootstrapServers(), work, plan).run(out).summary());
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(work);
		}
	}

	static RouterLoad.Plan plan(String[] args) {
		RouterLoad.Plan plan = hasFlag(args, "--small") ? RouterLoad.Plan.small() : RouterLoad.Plan.defaults();
		String mixed = option(args, "--mixed-events=");
		String big = option(args, "--big-tenant-events=");
		String window = option(args, "--dedup-window=");
		return new RouterLoad.Plan(plan.tenants(), plan.subscriptionsPerTenant(), plan.bigTenantSubscriptions(),
				(mixed != null) ? Integer.parseInt(mixed) : plan.mixedEvents(),
				(big != null) ? Integer.parseInt(big) : plan.bigTenantEvents(), plan.eventBytes(), plan.partitions(),
				(window != null) ? Duration.parse(window) : plan.dedupWindow());
	}

	private static boolean hasFlag(String[] args, String flag) {
		for (String arg : args) {
			if (arg.equals(flag)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String option(String[] args, String prefix) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return null;
	}

}
