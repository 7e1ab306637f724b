package dev.hookline.cli.quarantine;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.QuarantinedHeader;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How the quarantine commands show an entry: a table row, a description, JSON. */
final class EntryView {

	private static final int ERROR_COLUMN = 70;

	private static final int SHOWN_BYTES = 512;

	private EntryView() {
	}

	static Table table(List<QuarantineEntries.Entry> entries) {
		Table table = new Table("ID", "REASON", "QUARANTINED", "READER", "ERROR");
		for (QuarantineEntries.Entry entry : entries) {
			Quarantined value = entry.value();
			table.row(entry.id(), value.getReason(), value.getQuarantinedAt(), value.getReader(),
					shorten(value.getError(), ERROR_COLUMN));
		}
		return table;
	}

	static void describe(PrintWriter out, QuarantineEntries.Entry entry, Topics topics) {
		Quarantined value = entry.value();
		out.println("Quarantined record " + entry.id());
		out.println("  read from:      " + value.getOriginTopic() + ", partition " + value.getOriginPartition()
				+ ", offset " + value.getOriginOffset()
				+ ((value.getOriginTimestamp() != null) ? ", written " + value.getOriginTimestamp() : ""));
		out.println("  reason:         " + value.getReason());
		out.println("  error:          " + value.getError());
		out.println("  quarantined:    " + value.getQuarantinedAt() + " by " + value.getReader());
		out.println("  key:            " + text(value.getKey()));
		for (QuarantinedHeader header : value.getHeaders()) {
			out.println("  header:         " + header.getName() + ": " + text(header.getValue()));
		}
		out.println("  value:          " + size(value));
		if (value.getValue() != null) {
			out.println("  value (base64): " + base64(value.getValue(), SHOWN_BYTES));
		}
		out.println("  decodes now:    " + decodesNow(value, topics));
		out.println("  what to do:     " + advice(entry, topics));
		out.flush();
	}

	static ObjectNode json(QuarantineEntries.Entry entry, Topics topics, boolean whole) {
		Quarantined value = entry.value();
		ObjectNode node = Json.object();
		node.put("id", entry.id());
		node.put("originTopic", value.getOriginTopic());
		node.put("originPartition", value.getOriginPartition());
		node.put("originOffset", value.getOriginOffset());
		node.put("originTimestamp", Json.time(value.getOriginTimestamp()));
		node.put("reason", value.getReason());
		node.put("error", value.getError());
		node.put("reader", value.getReader());
		node.put("quarantinedAt", Json.time(value.getQuarantinedAt()));
		node.put("key", text(value.getKey()));
		node.put("valueSize", value.getValueSize());
		node.put("valueKept", entry.valueKept());
		if (whole) {
			node.put("keyBase64", (value.getKey() != null) ? base64(value.getKey(), Integer.MAX_VALUE) : null);
			node.put("valueBase64", (value.getValue() != null) ? base64(value.getValue(), Integer.MAX_VALUE) : null);
			ArrayNode headers = node.putArray("headers");
			for (QuarantinedHeader header : value.getHeaders()) {
				ObjectNode h = headers.addObject();
				h.put("name", header.getName());
				h.put("value", text(header.getValue()));
			}
			node.put("decodesNow", decodesNow(value, topics));
		}
		return node;
	}

	/**
	 * Whether this CLI's schemas decode the value now: after an upgrade, a record an
	 * older reader could not read usually does.
	 */
	static String decodesNow(Quarantined value, Topics topics) {
		if (value.getValue() == null) {
			return "no value to decode";
		}
		Topic<String, ?> topic = topicNamed(topics, value.getOriginTopic());
		if (topic == null) {
			return "unknown topic: not one of Hookline's under prefix '" + topics.prefix() + "'";
		}
		try {
			Object decoded = topic.valueSerde().deserializer().deserialize(topic.name(), bytes(value.getValue()));
			return "yes, as " + ((decoded != null) ? decoded.getClass().getSimpleName() : "nothing");
		}
		catch (SerializationException ex) {
			return "no (" + ex.getMessage() + ")";
		}
	}

	/** What an admin can do with the entry, in a sentence. */
	static String advice(QuarantineEntries.Entry entry, Topics topics) {
		String why = QuarantineReinject.whyNot(entry, topics);
		return (why == null) ? "re-inject it once its readers can read it ('hookline quarantine reinject " + entry.id()
				+ "'), or discard it" : why;
	}

	private static @Nullable Topic<String, ?> topicNamed(Topics topics, String name) {
		List<Topic<String, ?>> all = new ArrayList<>(List.of(topics.events(), topics.subscriptions(),
				topics.deliveries(), topics.attempts(), topics.deadLetters(), topics.replays(), topics.eventTypes(),
				topics.endpointHealth(), topics.quarantine(), topics.tenants(), topics.apiKeys()));
		topics.retryTiers().forEach((tier) -> all.add(tier.topic()));
		return all.stream().filter((topic) -> topic.name().equals(name)).findFirst().orElse(null);
	}

	private static String size(Quarantined value) {
		if (value.getValueSize() < 0) {
			return "none (a tombstone)";
		}
		return value.getValueSize() + " bytes"
				+ ((value.getValue() == null) ? ", too large to keep here: only its origin topic has it" : "");
	}

	/** UTF-8 text when the bytes are text, else base64 in brackets. */
	static @Nullable String text(@Nullable ByteBuffer buffer) {
		if (buffer == null) {
			return null;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(buffer.duplicate())
				.toString();
		}
		catch (CharacterCodingException ex) {
			return "[base64 " + base64(buffer, SHOWN_BYTES) + "]";
		}
	}

	private static String base64(ByteBuffer buffer, int limit) {
		byte[] all = bytes(buffer);
		if (all.length <= limit) {
			return Base64.getEncoder().encodeToString(all);
		}
		byte[] head = java.util.Arrays.copyOf(all, limit);
		return Base64.getEncoder().encodeToString(head) + "… (" + all.length + " bytes; --json shows all)";
	}

	static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

	private static String shorten(String text, int max) {
		String line = text.replace('\n', ' ');
		return (line.length() <= max) ? line : line.substring(0, max - 1) + "…";
	}

}
