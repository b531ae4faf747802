# After a crash: telling people their command was cut off.
interrupted-command = The bot restarted while it was handling your `/{ $command }`, so it may not have finished. Check the result and run it again if needed.
interrupted-team-undone = Your team **{ $name }** was only half made when that happened, so it was removed: run `/team create` again.
