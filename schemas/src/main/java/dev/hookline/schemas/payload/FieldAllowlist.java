package dev.hookline.schemas.payload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of an event's {@code data} a subscriber receives; everything else is removed
 * before the body is built, so data a subscriber does not need never leaves.
 *
 * <p>
 * Each entry is a JSON pointer into {@code data} ({@code /customer/id}); the field it
 * names is kept whole, with the objects that lead to it. Where a pointer crosses an
 * array, its next segment is an element index, and the array keeps only the selected
 * elements, in their original order. Data that is not an object or array keeps nothing
 * and becomes {@code null}. Fields a pointer names but the data lacks are simply absent.
 *
 * <p>
 * {@link #of} refuses invalid pointers with a {@link PayloadRuleException}. Instances are
 * immutable and thread-safe.
 */
public final class FieldAllowlist {

	/** The most pointers one allowlist may hold. */
	public static final int MAX_FIELDS = 128;

	private final List<String> pointers;

	private final Node root;

	private FieldAllowlist(List<String> pointers, Node root) {
		this.pointers = pointers;
		this.root = root;
	}

	/**
	 * The allowlist of these pointers.
	 * @param field the caller's name for the list, used in error messages (e.g.
	 * {@code fields})
	 * @throws PayloadRuleException when a pointer is invalid or the list is empty or too
	 * long
	 */
	public static FieldAllowlist of(List<String> pointers, String field) {
		if (pointers.isEmpty()) {
			throw new PayloadRuleException(field,
					"must name at least one field; leave it out to send the whole payload");
		}
		if (pointers.size() > MAX_FIELDS) {
			throw new PayloadRuleException(field, "must hold at most " + MAX_FIELDS + " pointers");
		}
		Node root = new Node();
		for (int i = 0; i < pointers.size(); i++) {
			JsonPointer pointer = Pointers.compile(pointers.get(i), field + "[" + i + "]");
			Node node = root;
			for (JsonPointer at = pointer; !at.matches(); at = at.tail()) {
				node = node.children.computeIfAbsent(at.getMatchingProperty(), (name) -> new Node());
			}
			node.whole = true;
		}
		return new FieldAllowlist(List.copyOf(pointers), root);
	}

	/** The pointers, as given. */
	public List<String> pointers() {
		return this.pointers;
	}

	/** A copy of the data holding only the allowed fields; the data is not changed. */
	public JsonNode apply(JsonNode data) {
		JsonNode kept = keep(data, this.root);
		return (kept != null) ? kept : JsonNodeFactory.instance.nullNode();
	}

	private static @Nullable JsonNode keep(JsonNode data, Node node) {
		if (node.whole) {
			return data.deepCopy();
		}
		if (data instanceof ObjectNode object) {
			ObjectNode kept = JsonNodeFactory.instance.objectNode();
			// in the data's order, so the body reads like the original
			object.properties().forEach((property) -> {
				Node child = node.children.get(property.getKey());
				JsonNode value = (child != null) ? keep(property.getValue(), child) : null;
				if (value != null) {
					kept.set(property.getKey(), value);
				}
			});
			return kept;
		}
		if (data instanceof ArrayNode array) {
			ArrayNode kept = JsonNodeFactory.instance.arrayNode();
			for (int i = 0; i < array.size(); i++) {
				Node child = node.children.get(String.valueOf(i));
				JsonNode value = (child != null) ? keep(array.get(i), child) : null;
				if (value != null) {
					kept.add(value);
				}
			}
			return kept;
		}
		return null;
	}

	/** One step of the pointers: keep this whole, or keep some of its children. */
	private static final class Node {

		private final Map<String, Node> children = new LinkedHashMap<>();

		private boolean whole;

	}

}
