using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace AdminPortal.Web.Tests;

/// <summary>Reads a page as a browser would and submits one of its forms, hidden fields (antiforgery) included.</summary>
public static class Forms
{
    public static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 500)]}");
        return new HtmlParser().ParseDocument(html);
    }

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlDocument page, string formSelector, string baseUrl,
        params (string Name, string Value)[] values)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {formSelector}");
        var fields = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
            .Where(i => i.Type is not ("radio" or "checkbox") || i.IsChecked)
            .Select(i => (i.Name!, i.Value)).ToList();
        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Item1 == name);
            fields.Add((name, value));
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? baseUrl : form.GetAttribute("action")!;
        return client.PostAsync(action, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
    }
}
