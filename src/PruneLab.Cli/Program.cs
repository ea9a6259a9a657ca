using PruneLab.Cli;

return await Cli.RunAsync(args);
