package io.syncmesh.protocol;

/**
 * The identifier rules of DESIGN.md section 3. None of them admits a slash, so record keys stay unambiguous.
 *
 * <p>
 * Each rule is a first-character class, a class for the rest and a length, checked by a loop over the characters: the
 * gateway checks every change of every push and the sync-service every envelope it reads, and as regular expressions
 * these checks were a few per cent of both services' CPU. The rules, written as expressions:
 * <ul>
 * <li>collection {@code [a-z][a-z0-9_]{0,62}}</li>
 * <li>entity id and change id {@code [A-Za-z0-9_-]{1,64}}</li>
 * <li>field name {@code [A-Za-z_][A-Za-z0-9_]{0,63}}</li>
 * <li>principal (tenant, device) {@code [A-Za-z0-9_.:@-]{1,128}}</li>
 * </ul>
 * {@code IdentifiersPropertiesTest} holds the loops to these expressions.
 */
public final class Identifiers {

    private Identifiers() {
    }

    public static boolean isCollection(String value) {
        return matches(value, 63, Identifiers::isLowerLetter, c -> isLowerLetter(c) || isDigit(c) || c == '_');
    }

    public static boolean isEntityId(String value) {
        return matches(value, 64, Identifiers::isIdChar, Identifiers::isIdChar);
    }

    public static boolean isChangeId(String value) {
        return matches(value, 64, Identifiers::isIdChar, Identifiers::isIdChar);
    }

    public static boolean isFieldName(String value) {
        return matches(value, 64, c -> isLetter(c) || c == '_', c -> isLetter(c) || isDigit(c) || c == '_');
    }

    /** A tenant or device id: from verified tokens; the same safe alphabet keeps them usable in keys and logs. */
    public static boolean isPrincipal(String value) {
        return matches(value, 128, Identifiers::isPrincipalChar, Identifiers::isPrincipalChar);
    }

    private interface CharClass {

        boolean contains(char c);
    }

    private static boolean matches(String value, int maxLength, CharClass first, CharClass rest) {
        if (value == null || value.isEmpty() || value.length() > maxLength || !first.contains(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            if (!rest.contains(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isLetter(char c) {
        return isLowerLetter(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_' || c == '-';
    }

    private static boolean isPrincipalChar(char c) {
        return isIdChar(c) || c == '.' || c == ':' || c == '@';
    }
}
