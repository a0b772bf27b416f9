using AdminPortal.ActiveDirectory;

namespace AdminPortal.ActiveDirectory.Tests;

public class DirectoryEntryTests
{
    private static DirectoryEntry Build(params (string Name, string Value)[] values)
    {
        var builder = new DirectoryEntry.Builder();
        foreach (var (name, value) in values) builder.Add(name, new EntryValue(value));
        return builder.Build("CN=Joe,DC=contoso,DC=com", 7);
    }

    [Fact]
    public void Values_of_one_name_apart_in_the_entry_are_one_attribute_in_the_order_they_came()
    {
        var joe = Build(("proxyAddresses", "SMTP:a@contoso.com"), ("cn", "Joe"), ("ProxyAddresses", "smtp:b@contoso.com"), ("PROXYADDRESSES", "X500:/o=c"));
        Assert.Equal(["proxyAddresses", "cn"], joe.Names);
        Assert.Equal(["SMTP:a@contoso.com", "smtp:b@contoso.com", "X500:/o=c"], joe.All("proxyaddresses"));
        Assert.Equal("Joe", joe.First("CN"));
        Assert.Equal(("CN=Joe,DC=contoso,DC=com", 7), (joe.Dn, joe.Line));
        Assert.Null(joe.First("mail"));
        Assert.Equal(0, joe.Values("mail").Count);
    }

    [Fact]
    public void One_builder_makes_each_entry_of_its_own_values_only()
    {
        var builder = new DirectoryEntry.Builder();
        builder.Add("cn", new EntryValue("Joe"));
        builder.Add("mail", new EntryValue("joe@contoso.com"));
        var joe = builder.Build("CN=Joe", 1);
        builder.Add("cn", new EntryValue("Zoe"));
        var zoe = builder.Build("CN=Zoe", 4);
        Assert.Equal(["cn", "mail"], joe.Names);
        Assert.Equal(["cn"], zoe.Names);
        Assert.Equal(("Joe", "Zoe"), (joe.First("cn"), zoe.First("cn")));

        // An entry of thousands of names (a hostile file) is read like any other, and the one after it too.
        for (var i = 0; i < 5_000; i++) builder.Add($"name{i}", new EntryValue(i.ToString()));
        Assert.Equal("4999", builder.Build("CN=Many", 9).First("NAME4999"));
        builder.Add("cn", new EntryValue("Ann"));
        Assert.Equal(["cn"], builder.Build("CN=Ann", 5_012).Names);
    }

    [Fact]
    public void With_replaces_one_attribute_and_leaves_the_entry_it_came_from_as_it_was()
    {
        var joe = Build(("cn", "Joe"), ("mail", "joe@contoso.local"), ("proxyAddresses", "SMTP:joe@contoso.local"));
        var fixedJoe = joe.With("MAIL", [new EntryValue("joe@contoso.com")]);
        Assert.Equal("joe@contoso.com", fixedJoe.First("mail"));
        Assert.Equal("joe@contoso.local", joe.First("mail"));
        Assert.Equal(["SMTP:joe@contoso.local"], fixedJoe.All("proxyAddresses"));
        Assert.Equal(0, joe.With("mail", []).Values("mail").Count);
    }
}
