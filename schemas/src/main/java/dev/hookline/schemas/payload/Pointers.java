package dev.hookline.schemas.payload;

import tools.jackson.core.JsonPointer;

/** Validation of the JSON pointers (RFC 6901) payload rules address data fields with. */
final class Pointers {

	static final int MAX_LENGTH = 512;

	private Pointers() {
	}

	/**
	 * The pointer, compiled; it must address a field inside the data, never the data as a
	 * whole.
	 */
	static JsonPointer compile(String pointer, String field) {
		if (pointer.isEmpty() || pointer.charAt(0) != '/') {
			throw new PayloadRuleException(field,
					"must be a JSON pointer into the event's data, starting with '/' (for example /customer/id)");
		}
		if (pointer.length() > MAX_LENGTH) {
			throw new PayloadRuleException(field, "must be at most " + MAX_LENGTH + " characters");
		}
		for (int i = pointer.indexOf('~'); i >= 0; i = pointer.indexOf('~', i + 1)) {
			char next = (i + 1 < pointer.length()) ? pointer.charAt(i + 1) : ' ';
			if (next != '0' && next != '1') {
				throw new PayloadRuleException(field,
						"is not a valid JSON pointer: '~' must be followed by 0 (for ~) or 1 (for /)");
			}
		}
		return JsonPointer.compile(pointer);
	}

}
