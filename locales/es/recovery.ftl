# Tras una caída: avisar a quien se le cortó un comando.
interrupted-command = El bot se reinició mientras atendía tu `/{ $command }`, así que puede no haber terminado. Comprueba el resultado y vuelve a lanzarlo si hace falta.
interrupted-team-undone = Tu equipo **{ $name }** estaba a medio crear cuando pasó, así que se ha quitado: vuelve a usar `/equipo crear`.
