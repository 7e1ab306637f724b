package dev.hookline.schemas.payload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NumericNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conditions an event's {@code data} must meet for a subscription to receive it;
 * every condition must hold.
 *
 * <p>
 * The JSON form is an array of conditions, each a {@code path} (a JSON pointer into
 * {@code data}) and one or more operators:
 * <ul>
 * <li>{@code "equals": v}: the field equals the JSON value {@code v} (numbers compare by
 * value, so {@code 1} equals {@code 1.0}, also inside objects and arrays);</li>
 * <li>{@code "in": [v, …]}: the field equals one of the values;</li>
 * <li>{@code "exists": true|false}: the field is present and not null, or it is absent or
 * null;</li>
 * <li>{@code "gt"}, {@code "gte"}, {@code "lt"}, {@code "lte"}: the field is a number
 * greater than, at least, less than, or at most the given number. A missing field or one
 * that is not a number fails these.</li>
 * </ul>
 * Example: {@code [{"path":"/amount","gte":100},{"path":"/country","in":["DE","FR"]}]}.
 *
 * <p>
 * {@link #of} and {@link #parse} refuse anything else with a {@link PayloadRuleException}
 * naming the offending field. Instances are immutable and thread-safe.
 */
public final class PayloadFilter {

	/** The most conditions one filter may hold. */
	public static final int MAX_CONDITIONS = 32;

	/** The most values one {@code in} may list. */
	public static final int MAX_IN_VALUES = 256;

	// BigDecimal keeps a stored bound exactly as written, however many digits it has
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
		if (a.isNumber() && b.isNumber()) {
			return compareNumbers(a, b);
		}
		return a.equals(b) ? 0 : 1;
	};

	private static final Set<String> OPERATORS = Set.of("equals", "in", "exists", "gt", "gte", "lt", "lte");

	private final List<Condition> conditions;

	private final String json;

	private PayloadFilter(List<Condition> conditions, String json) {
		this.conditions = conditions;
		this.json = json;
	}

	/**
	 * Reads a filter from its JSON form.
	 * @param given the filter as the caller sent it; it is copied, not kept
	 * @param field the caller's name for it, used in error messages (e.g. {@code filter})
	 * @throws PayloadRuleException when it is not a valid filter
	 */
	public static PayloadFilter of(JsonNode given, String field) {
		// the conditions hold on to operands, which the caller could otherwise change
		JsonNode node = given.deepCopy();
		if (!node.isArray()) {
			throw new PayloadRuleException(field,
					"must be an array of conditions such as [{\"path\":\"/amount\",\"gte\":100}]");
		}
		if (node.size() > MAX_CONDITIONS) {
			throw new PayloadRuleException(field, "must hold at most " + MAX_CONDITIONS + " conditions");
		}
		List<Condition> conditions = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			conditions.add(condition(node.get(i), field + "[" + i + "]"));
		}
		return new PayloadFilter(List.copyOf(conditions), JSON.writeValueAsString(node));
	}

	/**
	 * Reads a filter stored as JSON text, as in a subscription record.
	 * @throws PayloadRuleException when it is not a valid filter
	 */
	public static PayloadFilter parse(String json) {
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new PayloadRuleException("filter", "is not valid JSON");
		}
		return of(node, "filter");
	}

	/** Whether the event's data meets every condition. */
	public boolean matches(JsonNode data) {
		for (Condition condition : this.conditions) {
			if (!condition.test(data.at(condition.path()))) {
				return false;
			}
		}
		return true;
	}

	/** The filter as compact JSON text, the form a subscription record stores. */
	public String toJson() {
		return this.json;
	}

	@Override
	public String toString() {
		return this.json;
	}

	private static Condition condition(JsonNode node, String field) {
		if (!(node instanceof ObjectNode object)) {
			throw new PayloadRuleException(field, "must be an object with a path and at least one operator");
		}
		JsonNode path = object.get("path");
		if (path == null || !path.isString()) {
			throw new PayloadRuleException(field + ".path", "is required: a JSON pointer such as /customer/country");
		}
		JsonPointer pointer = Pointers.compile(path.asString(), field + ".path");
		List<Test> tests = new ArrayList<>();
		Iterator<Map.Entry<String, JsonNode>> properties = object.properties().iterator();
		while (properties.hasNext()) {
			Map.Entry<String, JsonNode> property = properties.next();
			String name = property.getKey();
			if (name.equals("path")) {
				continue;
			}
			if (!OPERATORS.contains(name)) {
				throw new PayloadRuleException(field + "." + name,
						"is not an operator; use equals, in, exists, gt, gte, lt or lte");
			}
			tests.add(test(name, property.getValue(), field + "." + name));
		}
		if (tests.isEmpty()) {
			throw new PayloadRuleException(field, "needs an operator: equals, in, exists, gt, gte, lt or lte");
		}
		return new Condition(pointer, List.copyOf(tests));
	}

	private static Test test(String operator, JsonNode operand, String field) {
		if (!finite(operand)) {
			// a double that overflowed (1e400) would be stored as the string "Infinity"
			throw new PayloadRuleException(field, "numbers must be finite");
		}
		return switch (operator) {
			case "equals" -> (value) -> same(value, operand);
			case "in" -> in(operand, field);
			case "exists" -> {
				if (!operand.isBoolean()) {
					throw new PayloadRuleException(field, "must be true or false");
				}
				boolean wanted = operand.booleanValue();
				yield (value) -> (!value.isMissingNode() && !value.isNull()) == wanted;
			}
			default -> compare(operator, operand, field);
		};
	}

	private static Test in(JsonNode operand, String field) {
		if (!(operand instanceof ArrayNode values) || values.isEmpty()) {
			throw new PayloadRuleException(field, "must be a non-empty array of values");
		}
		if (values.size() > MAX_IN_VALUES) {
			throw new PayloadRuleException(field, "must list at most " + MAX_IN_VALUES + " values");
		}
		List<JsonNode> options = new ArrayList<>();
		values.forEach(options::add);
		return (value) -> options.stream().anyMatch((option) -> same(value, option));
	}

	private static Test compare(String operator, JsonNode operand, String field) {
		if (!operand.isNumber()) {
			throw new PayloadRuleException(field, "must be a number");
		}
		return (value) -> {
			if (!value.isNumber()) {
				return false;
			}
			int order = compareNumbers(value, operand);
			return switch (operator) {
				case "gt" -> order > 0;
				case "gte" -> order >= 0;
				case "lt" -> order < 0;
				default -> order <= 0;
			};
		};
	}

	/** Deep equality in which numbers, at any depth, compare by value. */
	private static boolean same(JsonNode value, JsonNode expected) {
		return !value.isMissingNode() && value.equals(BY_VALUE, expected);
	}

	private static int compareNumbers(JsonNode a, JsonNode b) {
		if (!finiteNumber(a) || !finiteNumber(b)) {
			// data may hold a double that overflowed to infinity; BigDecimal cannot
			return Double.compare(a.doubleValue(), b.doubleValue());
		}
		return a.decimalValue().compareTo(b.decimalValue());
	}

	private static boolean finiteNumber(JsonNode number) {
		return !(number instanceof NumericNode numeric && numeric.isNaN());
	}

	private static boolean finite(JsonNode node) {
		if (node.isNumber()) {
			return finiteNumber(node);
		}
		for (JsonNode child : node) {
			if (!finite(child)) {
				return false;
			}
		}
		return true;
	}

	private interface Test {

		boolean holds(JsonNode value);

	}

	private record Condition(JsonPointer path, List<Test> tests) {

		boolean test(JsonNode value) {
			return this.tests.stream().allMatch((test) -> test.holds(value));
		}

	}

}
