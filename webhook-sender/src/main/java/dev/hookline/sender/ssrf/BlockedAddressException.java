package dev.hookline.sender.ssrf;

import java.io.IOException;

/**
 * A host resolved to no address the {@link AddressGuard} allows, so nothing was
 * connected.
 */
public final class BlockedAddressException extends IOException {

	private static final long serialVersionUID = 1L;

	BlockedAddressException(String host) {
		super("no allowed address for host " + host);
	}

}
