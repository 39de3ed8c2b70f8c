package org.cairn.net.pdu;

import java.util.List;

/** A proposed presentation context (item 20H): an abstract syntax and the transfer syntaxes offered for it. */
public record PresentationContextRequest(int id, String abstractSyntax, List<String> transferSyntaxes) {
}
