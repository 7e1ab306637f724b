package dev.hookline.bench.receiver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The behaviour of every configured path prefix, as set by {@code PUT /_config}.
 *
 * <p>
 * A request takes the behaviour of the longest prefix its path starts with; a path under
 * no configured prefix is answered 200 at once and counted under {@code "/"}. Immutable:
 * a new configuration replaces the whole previous one.
 */
final class ReceiverConfig {

	static final String ROOT = "/";

	static final ReceiverConfig DEFAULT = new ReceiverConfig(List.of(), JsonMapper.shared().createObjectNode());

	private final List<Match> matches;

	private final JsonNode source;

	private ReceiverConfig(List<Match> configured, JsonNode source) {
		List<Match> matches = new ArrayList<>(configured);
		if (matches.stream().noneMatch(m -> m.prefix().equals(ROOT))) {
			matches.add(new Match(ROOT, PathBehaviour.OK));
		}
		matches.sort(Comparator.comparingInt((Match m) -> m.prefix().length()).reversed());
		this.matches = List.copyOf(matches);
		this.source = source;
	}

	/**
	 * Reads {@code {"paths":{"<prefix>":{…behaviour…}}}}.
	 * @throws IllegalArgumentException with a message naming what is wrong
	 */
	static ReceiverConfig parse(String json) {
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
		}
		JsonNode paths = root.path("paths");
		if (!root.isObject() || !paths.isObject()) {
			throw new IllegalArgumentException("expected {\"paths\":{\"<path prefix>\":{…}}}");
		}
		List<Match> matches = new ArrayList<>();
		for (String prefix : paths.propertyNames()) {
			if (!prefix.startsWith("/") || prefix.startsWith("/_")) {
				throw new IllegalArgumentException(
						"path prefix " + prefix + " must start with / and not with /_ (the control endpoints)");
			}
			try {
				matches.add(new Match(prefix, PathBehaviour.parse(paths.get(prefix))));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("paths[" + prefix + "]: " + ex.getMessage(), ex);
			}
		}
		return new ReceiverConfig(matches, root);
	}

	/** The longest configured prefix of the path and its behaviour. */
	Match match(String path) {
		for (Match match : this.matches) {
			if (path.startsWith(match.prefix())) {
				return match;
			}
		}
		// unreachable for paths starting with "/", which every HTTP path does
		return this.matches.get(this.matches.size() - 1);
	}

	/** The configuration as it was given. */
	JsonNode toJson() {
		return (this.source instanceof ObjectNode object) ? object.deepCopy() : this.source;
	}

	/**
	 * A prefix and the behaviour of the paths under it.
	 *
	 * @param prefix the configured path prefix
	 * @param behaviour how its requests are answered
	 */
	record Match(String prefix, PathBehaviour behaviour) {
	}

}
