# Funciones de construcción del taller.
#
# Cada práctica tiene el mismo CMakeLists.txt en solutions/practicaNN-*/ y en
# practicaNN-*/starter/ (el generador lo copia). Ese archivo usa
# TALLER_VARIANT ("solucion" o "starter") para nombrar sus objetivos.

# taller_add_practice(NN carpeta): compila la solución y el starter.
function(taller_add_practice nn dir)
  set(TALLER_PRACTICE "p${nn}")
  set(TALLER_VARIANT solucion)
  add_subdirectory(solutions/${dir} ${CMAKE_BINARY_DIR}/solucion/p${nn})
  if(NOT TALLER_SOLO_SOLUCION)
    set(TALLER_VARIANT starter)
    add_subdirectory(${dir}/starter ${CMAKE_BINARY_DIR}/starter/p${nn})
  endif()
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/practica${nn}/CMakeLists.txt)
    add_subdirectory(tests/practica${nn} ${CMAKE_BINARY_DIR}/tests/p${nn})
  endif()
endfunction()

# Nombre del objetivo de una práctica en la variante actual:
# taller_target(out "lib") → p01_solucion_lib / p01_starter_lib.
function(taller_target out what)
  set(${out} ${TALLER_PRACTICE}_${TALLER_VARIANT}_${what} PARENT_SCOPE)
endfunction()

# taller_practice_library(SOURCES ... [DEPENDS lib...]) crea la biblioteca de la
# práctica en esta variante. La solución y el starter comparten API.
function(taller_practice_library)
  cmake_parse_arguments(A "" "" "SOURCES;DEPENDS" ${ARGN})
  taller_target(lib lib)
  add_library(${lib} STATIC ${A_SOURCES})
  target_include_directories(${lib} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${lib} PUBLIC taller_comun ${A_DEPENDS})
  target_compile_definitions(${lib} PRIVATE
    TALLER_STATIC_DIR="${CMAKE_CURRENT_SOURCE_DIR}/${TALLER_PRACTICE}/static")
  taller_use_pch(${lib})
  taller_strict(${lib})
endfunction()

# Con TALLER_VERIFICAR (CI) la solución compila sin un solo aviso de
# -Wall -Wextra: -Werror. El starter del estudiante, no (su código a medias
# avisa, y eso no debe impedirle probar).
function(taller_strict target)
  if(TALLER_VERIFICAR AND TALLER_VARIANT STREQUAL "solucion")
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# taller_practice_executable(nombre fuente.cpp): el ejecutable del estudiante
# queda en build/bin/, el de la solución en build/bin/solucion/.
# Dónde quedan los programas de una variante: bin/ (starter) o bin/solucion/.
function(taller_bin_dir out variant)
  if(variant STREQUAL "starter")
    set(${out} ${CMAKE_BINARY_DIR}/bin PARENT_SCOPE)
  else()
    set(${out} ${CMAKE_BINARY_DIR}/bin/solucion PARENT_SCOPE)
  endif()
endfunction()

function(taller_practice_executable name source)
  taller_target(lib lib)
  taller_bin_dir(outdir ${TALLER_VARIANT})
  if(TALLER_VARIANT STREQUAL "starter")
    set(target ${name})
  else()
    set(target ${name}-solucion)
  endif()
  add_executable(${target} ${source})
  target_link_libraries(${target} PRIVATE ${lib})
  # Las pruebas que arrancan el programa de verdad dependen de él.
  set_property(GLOBAL APPEND PROPERTY TALLER_EXES_${TALLER_PRACTICE}_${TALLER_VARIANT} ${target})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name} RUNTIME_OUTPUT_DIRECTORY ${outdir})
  taller_use_pch(${target})
  taller_strict(${target})
endfunction()

# Enlaza cpp-httplib (clientes HTTP/SSE) a un ejecutable de la práctica.
function(taller_link_httplib name)
  if(TALLER_VARIANT STREQUAL "starter")
    target_link_libraries(${name} PRIVATE PkgConfig::HTTPLIB)
  else()
    target_link_libraries(${name}-solucion PRIVATE PkgConfig::HTTPLIB)
  endif()
endfunction()

# Reutiliza el encabezado precompilado de Beast/Asio/JSON (comun/).
function(taller_use_pch target)
  if(TALLER_PCH)
    target_precompile_headers(${target} REUSE_FROM taller_pch)
  endif()
endfunction()

# taller_add_suite(NN SOURCES ...): la misma suite contra la solución y contra
# el starter. Los nombres de ctest llevan el paso:
#   p01.solucion.Paso3_Errores.JsonInvalido
# Con TALLER_INVERTIR_STARTER (verificación) las pruebas del starter son WILL_FAIL:
# una prueba PasoN que pasa sobre el starter sin tocar no prueba nada del
# estudiante y hace fallar CI.
function(taller_add_suite nn)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  set(objs p${nn}_tests_obj)
  add_library(${objs} OBJECT ${A_SOURCES})
  target_link_libraries(${objs} PUBLIC taller_test_support GTest::gtest GTest::gmock)
  # Las pruebas ven los encabezados públicos (iguales en las dos variantes).
  target_include_directories(${objs} PRIVATE
    $<TARGET_PROPERTY:p${nn}_solucion_lib,INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(${objs} PRIVATE
    $<TARGET_PROPERTY:p${nn}_solucion_lib,INTERFACE_COMPILE_DEFINITIONS>)
  target_compile_definitions(${objs} PRIVATE
    TALLER_FIXTURES_DIR="${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
  set(variants solucion starter)
  if(TALLER_SOLO_SOLUCION)
    set(variants solucion)
  endif()
  foreach(variant IN LISTS variants)
    set(exe p${nn}_tests_${variant})
    add_executable(${exe} $<TARGET_OBJECTS:${objs}>)
    get_property(programs GLOBAL PROPERTY TALLER_EXES_p${nn}_${variant})
    if(programs)
      add_dependencies(${exe} ${programs})
    endif()
    target_link_libraries(${exe} PRIVATE p${nn}_${variant}_lib taller_test_support
      GTest::gtest GTest::gmock taller_test_main ${A_LIBS})
    # TALLER_BIN_DIR: dónde están los programas de esta variante, para las
    # pruebas que arrancan el ejecutable de verdad (señales, salida).
    taller_bin_dir(bin_dir ${variant})
    set(props TIMEOUT 60 ENVIRONMENT "TALLER_BIN_DIR=${bin_dir}")
    if(variant STREQUAL "starter" AND TALLER_INVERTIR_STARTER)
      list(APPEND props WILL_FAIL TRUE)
    endif()
    gtest_discover_tests(${exe}
      TEST_PREFIX "p${nn}.${variant}."
      TEST_LIST ${exe}_TESTS
      DISCOVERY_MODE PRE_TEST
      DISCOVERY_TIMEOUT 30
      PROPERTIES ${props})
    taller_label_discovered_tests(${exe} "practica${nn};${variant}")
  endforeach()
endfunction()

# Pruebas en el navegador (etiqueta e2e): un runner de Node que con --lista
# escribe los nombres de sus pruebas. Cada prueba se registra dos veces, contra
# la solución y contra el starter, como las de GoogleTest. Sin Node.js no se
# registran (aviso); sin npm ci fallan diciendo qué ejecutar.
function(taller_add_e2e nn runner)
  find_program(TALLER_NODE node)
  if(NOT TALLER_NODE)
    message(WARNING "Sin Node.js no hay pruebas e2e de la práctica ${nn}: ./taller instalar")
    return()
  endif()
  execute_process(COMMAND ${TALLER_NODE} ${runner} --lista
    OUTPUT_VARIABLE names RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${runner} --lista falló (${rc})")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${runner})
  string(REPLACE "\n" ";" names "${names}")
  set(variants solucion starter)
  if(TALLER_SOLO_SOLUCION)
    set(variants solucion)
  endif()
  # Dos navegadores a la vez como mucho: cada prueba toma uno de dos cerrojos
  # (chromium_0, chromium_1), alternando. Con más, en una máquina de 2 núcleos
  # los plazos de las pruebas empiezan a depender de la carga.
  set(slot 0)
  foreach(variant IN LISTS variants)
    taller_bin_dir(bin_dir ${variant})
    foreach(name IN LISTS names)
      set(test p${nn}.${variant}.${name})
      math(EXPR slot "(${slot} + 1) % 2")
      add_test(NAME ${test} COMMAND ${TALLER_NODE} ${runner} ${name})
      set_tests_properties(${test} PROPERTIES
        LABELS "practica${nn};${variant};e2e"
        TIMEOUT 90
        RESOURCE_LOCK chromium_${slot}
        ENVIRONMENT "TALLER_BIN_DIR=${bin_dir};TALLER_CAPTURAS=${CMAKE_BINARY_DIR}/capturas/${variant}")
      if(variant STREQUAL "starter" AND TALLER_INVERTIR_STARTER)
        set_tests_properties(${test} PROPERTIES WILL_FAIL TRUE)
      endif()
    endforeach()
  endforeach()
endfunction()

# taller_add_robustness_suite(NN SOURCES ...): pruebas de robustez (entradas
# malas, límites, la barrera) que solo se enlazan contra la solución: no son
# pasos del estudiante. Se llaman p04.solucion.Robustez_…, llevan las etiquetas
# practicaNN;solucion;robustez y entran en ctest --preset practicaNN.
function(taller_add_robustness_suite nn)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  set(exe p${nn}_robustez_solucion)
  add_executable(${exe} ${A_SOURCES})
  get_property(programs GLOBAL PROPERTY TALLER_EXES_p${nn}_solucion)
  if(programs)
    add_dependencies(${exe} ${programs})
  endif()
  target_link_libraries(${exe} PRIVATE p${nn}_solucion_lib taller_test_support
    GTest::gtest GTest::gmock taller_test_main ${A_LIBS})
  target_compile_definitions(${exe} PRIVATE
    TALLER_FIXTURES_DIR="${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
  taller_bin_dir(bin_dir solucion)
  gtest_discover_tests(${exe}
    TEST_PREFIX "p${nn}.solucion."
    TEST_LIST ${exe}_TESTS
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 30
    PROPERTIES TIMEOUT 60 ENVIRONMENT "TALLER_BIN_DIR=${bin_dir}")
  taller_label_discovered_tests(${exe} "practica${nn};solucion;robustez")
endfunction()

# Etiquetas para las pruebas que gtest_discover_tests(exe … TEST_LIST exe_TESTS)
# encuentra: gtest_discover_tests pierde el ";" de una lista en PROPERTIES, así
# que se ponen en un archivo que ctest lee después del descubrimiento.
function(taller_label_discovered_tests exe labels)
  set(labels_file ${CMAKE_CURRENT_BINARY_DIR}/${exe}_labels.cmake)
  file(WRITE ${labels_file}
    "foreach(t IN LISTS ${exe}_TESTS)\n"
    "  set_tests_properties(\"\${t}\" PROPERTIES LABELS \"${labels}\")\n"
    "endforeach()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_file})
endfunction()
