# El jurado: conflictos, asignación, paquetes, puntuaciones, progreso, resultados.

cmd-jury = jurado
    .name = jurado
    .description = El jurado: paquetes, puntuaciones, asignación y resultados
cmd-jury-conflict = conflicto
    .name = conflicto
    .description = Declara que no puedes evaluar a un equipo (jurado)
    .team-name = equipo
    .team-description = El equipo
    .reason-name = motivo
    .reason-description = Por qué (lo ve la organización)

jury-none = Este evento no tiene jurado.
jury-not-judge = Solo el jurado (rol **{ $role }**) puede hacer eso.
jury-no-team = Ese equipo no existe. Elige uno de la lista.
jury-not-submitted = Ese equipo no ha entregado un proyecto.
jury-bad-reason = Da un motivo de 3 a { $max } caracteres.
jury-too-long = Ese texto tiene más de { $max } caracteres.
jury-not-assigned = Ese proyecto no te está asignado.
jury-no-group = Ese proyecto no se puntúa en ese grupo de criterios.
jury-closed = La evaluación cerró el { $when }; las puntuaciones ya no pueden cambiar.
jury-score-not-number = «{ $value }» no es un número. Escribe una puntuación como 2 o 2,5.
jury-score-out-of-range = { $value } está fuera de 0–{ $max }.
jury-score-not-half = { $value } no es un punto entero o medio (p. ej. 2 o 2,5).
jury-conflict-declared = Anotado: no se te asignará **{ $team }**. Si ya era tuyo y sin puntuar, el próximo `/jury assign` lo mueve.
jury-conflict-already = Ya habías declarado un conflicto con **{ $team }**.
