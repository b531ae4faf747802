# Nombres y descripciones de los comandos. Ver locales/en/commands.ftl.

cmd-help = ayuda
    .name = ayuda
    .description = Qué puede hacer este bot por ti
cmd-about = acerca
    .name = acerca
    .description = La versión del bot y el evento que gestiona
cmd-setup = preparar
    .name = preparar
    .description = Revisa o prepara este servidor para el evento (organización)
cmd-setup-check = revisar
    .name = revisar
    .description = Lista lo que le falta al servidor para el evento y cómo arreglarlo
cmd-setup-apply = aplicar
    .name = aplicar
    .description = Crea los canales, roles y etiquetas que necesita el evento (pregunta antes)
cmd-team = equipo
    .name = equipo
    .description = Equipos del hackathon
cmd-team-info = info
    .name = info
    .description = Muestra un equipo: miembros, tema, capitán
    .name-name = nombre
    .name-description = El nombre del equipo (vacío para el tuyo)
