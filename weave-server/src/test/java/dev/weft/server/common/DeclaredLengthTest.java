package dev.weft.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeclaredLengthTest {

  @Test
  void aNumericHeaderIsTheDeclaredLengthSurroundingSpaceAllowed() {
    assertThat(DeclaredLength.of("16777217")).isEqualTo(16_777_217L);
    assertThat(DeclaredLength.of(" 42 ")).isEqualTo(42L);
  }

  @Test
  void aMissingOrUnreadableHeaderDeclaresNothing() {
    assertThat(DeclaredLength.of(null)).isEqualTo(-1L);
    assertThat(DeclaredLength.of("")).isEqualTo(-1L);
    assertThat(DeclaredLength.of("12 KB")).isEqualTo(-1L);
    assertThat(DeclaredLength.of("99999999999999999999")).isEqualTo(-1L);
  }
}
