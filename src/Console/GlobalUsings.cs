global using LiveChat.Contracts;
global using Microsoft.Extensions.DependencyInjection;
global using LiveChat.OperatorConsole.State;
global using Microsoft.AspNetCore.Components;
