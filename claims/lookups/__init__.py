"""Source lookups: providers that ask outside services about a claim, and the one safe HTTP
client they all share (`claims.lookups.http`). Models and tasks live beside this package's
modules in the lead's files; nothing here touches the database."""
